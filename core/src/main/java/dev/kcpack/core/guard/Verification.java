package dev.kcpack.core.guard;

/** What came of checking a code; {@code retryAfterSeconds} is set when locked. */
public record Verification(Outcome outcome, long retryAfterSeconds) {

    public enum Outcome {
        /** The code was right and is now used up. */
        ACCEPTED,
        /** Wrong, used or expired; counted as a failure. */
        REJECTED,
        /** The factor (or the setup being activated) does not exist. */
        NOT_ACTIVE,
        /** Too many failures: no guess is checked until the lock ends. */
        LOCKED,
        /** The stored secret cannot be read. */
        CORRUPT
    }

    public static Verification of(Outcome outcome) {
        return new Verification(outcome, 0);
    }

    public static Verification locked(long seconds) {
        return new Verification(Outcome.LOCKED, seconds);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
