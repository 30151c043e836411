package dev.kcpack.core.mail;

/** What came of asking for a mail with a code. */
public record MailSending(Status status, long retryAfterSeconds) {

    public enum Status {
        SENT,
        /** Another mail went out less than the cooldown ago. */
        COOLDOWN,
        /** Nothing to send a code for (the factor is not active). */
        NOT_ACTIVE
    }

    public static MailSending sent() {
        return new MailSending(Status.SENT, 0);
    }

    public static MailSending notActive() {
        return new MailSending(Status.NOT_ACTIVE, 0);
    }

    public static MailSending cooldown(long seconds) {
        return new MailSending(Status.COOLDOWN, seconds);
    }
}
