package dev.kcpack.core.twofactor;

import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.KeycloakLockout;

/**
 * A second factor a user proves. Its {@link #apiName()} is the one vocabulary of the
 * pack: the contract's {@code methods} list, and the auth-method detail of every event,
 * whichever door (REST, browser step, direct grant) the proof came through.
 */
public enum Factor {
    TOTP("totp", "kcpack-totp", Door.TOTP, KeycloakLockout.Category.OTP),
    EMAIL_OTP("emailOtp", "kcpack-email-otp", Door.EMAIL_OTP, KeycloakLockout.Category.OTP),
    RECOVERY_CODE("recoveryCode", "kcpack-recovery-code", Door.RECOVERY_CODE, KeycloakLockout.Category.RECOVERY_CODE),
    /** #20: Keycloak's own WebAuthn credential; on the login page the pack's step wraps Keycloak's WebAuthn step. */
    PASSKEY("passkey", "kcpack-passkey", Door.PASSKEY, KeycloakLockout.Category.WEBAUTHN);

    private final String apiName;
    private final String loginStep;
    private final Door door;
    private final KeycloakLockout.Category lockoutCategory;

    Factor(String apiName, String loginStep, Door door, KeycloakLockout.Category lockoutCategory) {
        this.apiName = apiName;
        this.loginStep = loginStep;
        this.door = door;
        this.lockoutCategory = lockoutCategory;
    }

    /** The provider id of its browser login step (an Authenticator of the pack). */
    public String loginStep() {
        return loginStep;
    }

    /** How Keycloak's brute-force detector counts a wrong guess of it. */
    public KeycloakLockout.Category lockoutCategory() {
        return lockoutCategory;
    }

    /** The name the contract uses, e.g. in the {@code methods} list of a 2FA_REQUIRED answer. */
    public String apiName() {
        return apiName;
    }

    /** Where its guesses are counted. */
    public Door door() {
        return door;
    }
}
