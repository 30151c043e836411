package dev.kcpack.rest;

import dev.kcpack.core.guard.Verification;
import org.keycloak.events.Errors;

/** How a failed check of one factor is answered: the contract's messages for that factor. */
record FactorErrors(String invalid, String tooMany, String uninitialized, String corrupt) {

    static final FactorErrors TOTP = new FactorErrors(ApiErrorCodes.TOTP_INVALID, ApiErrorCodes.TOO_MANY_TOTP_CHECKS,
            ApiErrorCodes.TOTP_UNINITIALIZED, ApiErrorCodes.TOTP_CORRUPT);
    static final FactorErrors RECOVERY_CODE = new FactorErrors(ApiErrorCodes.RECOVERY_CODE_INVALID,
            ApiErrorCodes.TOO_MANY_RECOVERY_CODE_CHECKS, ApiErrorCodes.RECOVERY_CODES_UNINITIALIZED,
            ApiErrorCodes.INTERNAL_ERROR);

    /** #20 (passkeys): an assertion of one of the user's passkeys. */
    static final FactorErrors PASSKEY = new FactorErrors(ApiErrorCodes.PASSKEY_INVALID,
            ApiErrorCodes.TOO_MANY_PASSKEY_CHECKS, ApiErrorCodes.PASSKEY_NOT_FOUND, ApiErrorCodes.INTERNAL_ERROR);

    /** #20: checking a code of active email OTP. */
    static final FactorErrors EMAIL_OTP = new FactorErrors(ApiErrorCodes.OTP_INVALID_EXPIRED,
            ApiErrorCodes.TOO_MANY_OTP_CHECKS, ApiErrorCodes.EMAIL_OTP_INACTIVE, ApiErrorCodes.INTERNAL_ERROR);
    /** #1: activating a pending email-OTP setup. */
    static final FactorErrors EMAIL_OTP_SETUP = new FactorErrors(ApiErrorCodes.OTP_INVALID_EXPIRED,
            ApiErrorCodes.TOO_MANY_OTP_CHECKS, ApiErrorCodes.EMAIL_OTP_UNINITIALIZED, ApiErrorCodes.INTERNAL_ERROR);

    /** #17, #19: a password-reset code. */
    static final FactorErrors RESET_CODE = new FactorErrors(ApiErrorCodes.OTP_INVALID_EXPIRED,
            ApiErrorCodes.TOO_MANY_OTP_CHECKS, ApiErrorCodes.OTP_INVALID_EXPIRED, ApiErrorCodes.INTERNAL_ERROR);
    /** #18: the old password. */
    static final FactorErrors OLD_PASSWORD = new FactorErrors(ApiErrorCodes.PASSWORD_INCORRECT,
            ApiErrorCodes.TOO_MANY_FAILED_PASSWORD_CHECKS, ApiErrorCodes.NO_PASSWORD_INFO, ApiErrorCodes.INTERNAL_ERROR);

    ApiException failure(Verification result) {
        return switch (result.outcome()) {
            case NOT_ACTIVE -> ApiException.conflict(uninitialized);
            case LOCKED -> ApiException.tooManyRequests(tooMany, result.retryAfterSeconds());
            case CORRUPT -> ApiException.serverError(corrupt);
            case REJECTED, ACCEPTED -> ApiException.unauthorized(invalid);
        };
    }

    /** The Keycloak event error for the same outcome. */
    static String eventError(Verification result) {
        return switch (result.outcome()) {
            case NOT_ACTIVE -> Errors.CREDENTIAL_NOT_FOUND;
            case LOCKED -> Errors.USER_TEMPORARILY_DISABLED;
            case CORRUPT -> Errors.INVALID_CONFIG;
            case REJECTED, ACCEPTED -> Errors.INVALID_USER_CREDENTIALS;
        };
    }
}
