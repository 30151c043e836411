package dev.kcpack.core;

/** What a user proves; each has its own failure limiter. */
public enum Factor {
    TOTP("totp"),
    EMAIL_OTP("emailOtp"),
    RECOVERY_CODE("recoveryCode"),
    OLD_PASSWORD("oldPassword");

    private final String apiName;

    Factor(String apiName) {
        this.apiName = apiName;
    }

    /** The name the contract uses, e.g. in the {@code methods} list of a 2FA_REQUIRED answer. */
    public String apiName() {
        return apiName;
    }
}
