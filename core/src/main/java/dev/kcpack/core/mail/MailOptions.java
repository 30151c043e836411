package dev.kcpack.core.mail;

/**
 * How a mail is dressed: {@code origin} names a branding of the realm (null: the
 * realm's own), {@code language} a two-letter language (null: the user's, else the
 * realm's default).
 */
public record MailOptions(String origin, String language) {

    public static final MailOptions DEFAULT = new MailOptions(null, null);
}
