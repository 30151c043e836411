package dev.kcpack.core;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The second factors of one user taken together: what is active, and the recovery codes that go with them. */
public final class SecondFactors {

    private final TotpFactor totp;
    private final EmailOtpFactor emailOtp;
    private final RecoveryCodes recoveryCodes;
    private final AttemptLimiter recoveryCodeLimiter;

    public SecondFactors(KeycloakSession session, RealmModel realm, UserModel user) {
        this.totp = new TotpFactor(session, realm, user);
        this.emailOtp = new EmailOtpFactor(session, realm, user);
        this.recoveryCodes = new RecoveryCodes(user);
        this.recoveryCodeLimiter = new AttemptLimiter(session, realm, user, Factor.RECOVERY_CODE);
    }

    public TotpFactor totp() {
        return totp;
    }

    public EmailOtpFactor emailOtp() {
        return emailOtp;
    }

    public RecoveryCodes recoveryCodes() {
        return recoveryCodes;
    }

    public AttemptLimiter recoveryCodeLimiter() {
        return recoveryCodeLimiter;
    }

    /** Recovery codes can be used while 2FA is on and some are left unused. */
    public boolean recoveryCodesUsable() {
        return enabled() && recoveryCodes.remaining() > 0;
    }

    /** Uses up a recovery code, under its own failure limiter. */
    public Verification verifyRecoveryCode(String code) {
        if (!recoveryCodesUsable()) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        long wait = recoveryCodeLimiter.secondsUntilNextAttempt();
        if (wait > 0) {
            return Verification.locked(wait);
        }
        if (!recoveryCodes.useCode(code)) {
            recoveryCodeLimiter.recordFailure();
            return Verification.of(Verification.Outcome.REJECTED);
        }
        recoveryCodeLimiter.recordSuccess();
        return Verification.of(Verification.Outcome.ACCEPTED);
    }

    /** 2FA is on when a second factor (not counting recovery codes) is active. */
    public boolean enabled() {
        return totp.isActive() || emailOtp.isActive();
    }

    /** The active methods, in the contract's names; recovery codes count once 2FA is on. */
    public List<Factor> activeMethods() {
        List<Factor> methods = new ArrayList<>();
        if (totp.isActive()) {
            methods.add(Factor.TOTP);
        }
        if (emailOtp.isActive()) {
            methods.add(Factor.EMAIL_OTP);
        }
        if (recoveryCodesUsable()) {
            methods.add(Factor.RECOVERY_CODE);
        }
        return methods;
    }

    /** What came of activating a pending factor, and the recovery codes it brought. */
    public record Activation(Verification result, List<String> recoveryCodes) {
    }

    /**
     * Activates a pending factor with {@code activation} (a factor's {@code activatePending}).
     * When it is the first active factor, 2FA has just been switched on and the user gets
     * recovery codes; otherwise the codes stay as they are and the list is empty.
     */
    public Activation activate(java.util.function.Supplier<Verification> activation) {
        boolean wasEnabled = enabled();
        Verification result = activation.get();
        if (!result.accepted()) {
            return new Activation(result, List.of());
        }
        return new Activation(result, wasEnabled ? List.of() : recoveryCodes.issue());
    }

    /** Call after a factor was removed: without any factor left, the recovery codes go too. */
    public void dropRecoveryCodesIfDisabled() {
        if (!enabled()) {
            recoveryCodes.remove();
        }
    }
}
