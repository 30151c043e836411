package dev.kcpack.core.guard;

/**
 * A place where a secret is guessed. Each door has its own count of failures per
 * subject (a user, or for password reset an address), shared by every way in: the REST
 * API, the browser steps and the direct grant.
 */
public enum Door {
    TOTP,
    EMAIL_OTP,
    RECOVERY_CODE,
    OLD_PASSWORD,
    /** Codes mailed for a password reset, counted per address so unknown addresses behave the same. */
    PASSWORD_RESET_CODE,
    /** Codes mailed to a new address during an email transfer. */
    EMAIL_TRANSFER_CODE,
    /** WebAuthn assertions of a user's passkeys (#20). */
    PASSKEY
}
