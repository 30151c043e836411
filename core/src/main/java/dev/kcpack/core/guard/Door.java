package dev.kcpack.core.guard;

/**
 * A place where a secret is guessed. Each door has its own count of failures per
 * subject (a user, or for password reset an address), shared by every way in: the REST
 * API, the browser steps and the direct grant.
 */
public enum Door {
    /** Used codes are marked in the single-use store and the database, not in the user. */
    TOTP(false),
    EMAIL_OTP(false),
    /** The codes are the user's credential: a code spent on another node must be read fresh. */
    RECOVERY_CODE(true),
    /** The password is the user's credential, changed perhaps on another node a moment ago. */
    OLD_PASSWORD(true),
    /** Codes mailed for a password reset, counted per address so unknown addresses behave the same. */
    PASSWORD_RESET_CODE(false),
    /** Codes mailed to a new address during an email transfer. */
    EMAIL_TRANSFER_CODE(false),
    /** WebAuthn assertions of a user's passkeys (#20): the signature counter is in the credential. */
    PASSKEY(true);

    private final boolean secretInUser;

    Door(boolean secretInUser) {
        this.secretInUser = secretInUser;
    }

    /**
     * Whether what a guess is checked against lives in the user's credentials, which Keycloak
     * caches on each node: then the gate reads the user fresh once it holds the mark. Elsewhere
     * (single-use store, the pack's tables) a read is fresh anyway, and the cached user serves
     * the rest of the request (its login, its tokens) as it serves Keycloak's own logins.
     */
    boolean secretInUser() {
        return secretInUser;
    }
}
