package dev.kcpack.rest;

/** The {@code message} values of the contract's error body (spec section 5). */
public final class ApiErrorCodes {

    public static final String NO_TOKEN_PROVIDED = "NO_TOKEN_PROVIDED";
    public static final String INVALID_TOKEN = "INVALID_TOKEN";
    public static final String SUDO_TOKEN_REQUIRED = "SUDO_TOKEN_REQUIRED";
    public static final String TOTP_INVALID = "TOTP_INVALID";
    public static final String TOTP_UNINITIALIZED = "TOTP_UNINITIALIZED";
    public static final String TOTP_ALREADY_INACTIVE = "TOTP_ALREADY_INACTIVE";
    public static final String TOTP_CORRUPT = "TOTP_CORRUPT";
    public static final String TOO_MANY_TOTP_CHECKS = "TOO_MANY_TOTP_CHECKS";
    public static final String RECOVERY_CODE_INVALID = "RECOVERY_CODE_INVALID";
    public static final String RECOVERY_CODES_UNINITIALIZED = "RECOVERY_CODES_UNINITIALIZED";
    public static final String TOO_MANY_RECOVERY_CODE_CHECKS = "TOO_MANY_RECOVERY_CODE_CHECKS";
    public static final String TWO_FA_IS_DISABLED = "2FA_IS_DISABLED";
    public static final String OTP_INVALID_EXPIRED = "OTP_INVALID_EXPIRED";
    public static final String EMAIL_OTP_UNINITIALIZED = "EMAIL_OTP_UNINITIALIZED";
    public static final String EMAIL_OTP_INACTIVE = "EMAIL_OTP_INACTIVE";
    public static final String EMAIL_OTP_ALREADY_INACTIVE = "EMAIL_OTP_ALREADY_INACTIVE";
    public static final String TOO_MANY_OTP_CHECKS = "TOO_MANY_OTP_CHECKS";
    public static final String TOO_MANY_OTP_EMAILS = "TOO_MANY_OTP_EMAILS";
    public static final String FORBIDDEN_MAIL_PROVIDER = "FORBIDDEN_MAIL_PROVIDER";
    public static final String UNABLE_TO_FIND_MAIL_TEMPLATE = "UNABLE_TO_FIND_MAIL_TEMPLATE";
    public static final String TOO_MANY_RESET_MAIL_ATTEMPTS = "TOO_MANY_RESET_MAIL_ATTEMPTS";
    public static final String TOO_MANY_TRANSFER_ATTEMPTS = "TOO_MANY_TRANSFER_ATTEMPTS";
    public static final String TOO_MANY_FAILED_PASSWORD_CHECKS = "TOO_MANY_FAILED_PASSWORD_CHECKS";
    public static final String PASSWORD_INCORRECT = "PASSWORD_INCORRECT";
    public static final String NO_PASSWORD_INFO = "NO_PASSWORD_INFO";
    public static final String NEW_EMAIL_ALREADY_IN_USE = "NEW_EMAIL_ALREADY_IN_USE";
    /** Ours (#20): the passkey's answer does not hold (signature, origin, RP id, flags, counter). */
    public static final String PASSKEY_INVALID = "PASSKEY_INVALID";
    /** Ours (#20): the ceremony's challenge is unknown, expired, used, or not this caller's. */
    public static final String PASSKEY_CHALLENGE_INVALID = "PASSKEY_CHALLENGE_INVALID";
    /** Ours (#20): the user has no passkey (of that id). */
    public static final String PASSKEY_NOT_FOUND = "PASSKEY_NOT_FOUND";
    /** Ours (#20): this authenticator already holds a passkey of the user. */
    public static final String PASSKEY_ALREADY_REGISTERED = "PASSKEY_ALREADY_REGISTERED";
    public static final String TOO_MANY_PASSKEY_CHECKS = "TOO_MANY_PASSKEY_CHECKS";
    /** Ours (#20): the realm does not let apps sign users in with a passkey alone (setting passkeySignIn). */
    public static final String PASSKEY_SIGN_IN_DISABLED = "PASSKEY_SIGN_IN_DISABLED";
    /** Ours (#20): no enabled client of that id, or a confidential client without its secret. */
    public static final String INVALID_CLIENT = "INVALID_CLIENT";
    /** Ours (#20): the client may not log users in over the API (direct access grants off, bearer-only, not OIDC). */
    public static final String CLIENT_NOT_ALLOWED = "CLIENT_NOT_ALLOWED";
    /**
     * Ours: the token's client is not one the realm's admin let use the API (its tokens lack the
     * API's audience); also the direct-grant step's answer where it would hand a partial token.
     */
    public static final String API_CLIENT_NOT_ALLOWED = dev.kcpack.core.access.ApiClients.NOT_ALLOWED;
    /**
     * Ours: an access token stands in for a sudo token (a user without a second factor), but its
     * login is older than the realm's recent-login window: sign the user in again
     * ({@code prompt=login} or {@code max_age}), then retry with the new token.
     */
    public static final String REAUTHENTICATION_REQUIRED = "REAUTHENTICATION_REQUIRED";
    /** Ours (#20): the passkey held, but an admin disabled the account (Keycloak's grant: "Account disabled"). */
    public static final String ACCOUNT_DISABLED = "ACCOUNT_DISABLED";
    /** A browser request from an Origin that is not among the client's Web Origins (ours). */
    public static final String INVALID_ORIGIN = "INVALID_ORIGIN";
    /** The user is locked out by Keycloak's brute-force detection (ours). */
    public static final String USER_TEMPORARILY_LOCKED = "USER_TEMPORARILY_LOCKED";
    /** Another request of the same user is changing its second factors at this moment (ours). */
    public static final String CONCURRENT_CHANGE = "CONCURRENT_CHANGE";
    /** Ours (#14): the user has no trusted browser of that id. */
    public static final String TRUSTED_DEVICE_NOT_FOUND = "TRUSTED_DEVICE_NOT_FOUND";
    /** Ours: the user has no session of that id (online or offline). */
    public static final String SESSION_NOT_FOUND = "SESSION_NOT_FOUND";
    /**
     * Ours (#23): the user of a partial token has a required action pending (Keycloak's own
     * grant says "Account is not fully set up"): the duty is done on Keycloak's pages first.
     */
    public static final String ACCOUNT_NOT_FULLY_SET_UP = "ACCOUNT_NOT_FULLY_SET_UP";
    /** A body larger than the API reads (ours). */
    public static final String BODY_TOO_LARGE = "Request body too large";
    public static final String INTERNAL_ERROR = "INTERNAL_SERVER_ERROR";

    private ApiErrorCodes() {
    }
}
