package dev.kcpack.core.twofactor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.kcpack.core.emailotp.EmailOtpFactor;
import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.notice.SecurityNotice;
import dev.kcpack.core.notice.SecurityNotices;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.recoverycode.RecoveryCodes;
import dev.kcpack.core.support.AfterTransaction;
import dev.kcpack.core.support.FreshUser;
import dev.kcpack.core.token.TokenRevocation;
import dev.kcpack.core.totp.TotpFactor;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The second factors of one user taken together: what is active, and the recovery codes
 * that go with them. Changes to them (activating, removing, new recovery codes) are made
 * by one request of the user at a time, cluster-wide: two at once would each decide on
 * what the other is changing (both issue the first recovery codes, say) and one would
 * fail at commit. The mark is taken with the single-use store's atomic putIfAbsent and
 * given back once the request's transaction is over.
 */
public final class SecondFactors {

    /** Longest a change mark can outlive a node that died holding it. */
    private static final int CHANGE_MARK_SECONDS = 30;

    /** Another request of the same user is changing its second factors right now; nothing was changed. */
    public static final class ChangeInProgress extends RuntimeException {
        ChangeInProgress() {
            super("another request is changing the second factors of this user", null, false, false);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private TotpFactor totp;
    private EmailOtpFactor emailOtp;
    private RecoveryCodes recoveryCodes;
    private PasskeyFactor passkeys;

    public SecondFactors(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    public TotpFactor totp() {
        if (totp == null) {
            totp = new TotpFactor(session, realm, user);
        }
        return totp;
    }

    public EmailOtpFactor emailOtp() {
        if (emailOtp == null) {
            emailOtp = new EmailOtpFactor(session, realm, user);
        }
        return emailOtp;
    }

    public PasskeyFactor passkeys() {
        if (passkeys == null) {
            passkeys = new PasskeyFactor(session, realm, user);
        }
        return passkeys;
    }

    public RecoveryCodes recoveryCodes() {
        if (recoveryCodes == null) {
            recoveryCodes = new RecoveryCodes(user);
        }
        return recoveryCodes;
    }

    /** Where recovery-code guesses are counted. */
    public AttemptGate recoveryCodeGate() {
        return AttemptGate.of(session, realm, user, Door.RECOVERY_CODE);
    }

    /** Recovery codes can be used while 2FA is on and some are left unused. */
    public boolean recoveryCodesUsable() {
        return enabled() && recoveryCodes().remaining() > 0;
    }

    /**
     * Uses up a recovery code, through the recovery-code gate. The gate is held until the
     * used code's removal is committed, so two requests with one code cannot both win.
     */
    public Verification verifyRecoveryCode(String code) {
        if (!recoveryCodesUsable()) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        return recoveryCodeGate().check(() -> recoveryCodes().useCode(code)
                ? Verification.of(Verification.Outcome.ACCEPTED)
                : Verification.of(Verification.Outcome.REJECTED));
    }

    /** 2FA is on when a second factor (not counting recovery codes) is active. */
    public boolean enabled() {
        return totp().isActive() || emailOtp().isActive() || passkeys().isActive();
    }

    /** The active methods, in the contract's names; recovery codes count once 2FA is on. */
    public List<Factor> activeMethods() {
        List<Factor> methods = new ArrayList<>();
        if (totp().isActive()) {
            methods.add(Factor.TOTP);
        }
        if (emailOtp().isActive()) {
            methods.add(Factor.EMAIL_OTP);
        }
        if (passkeys().isActive()) {
            methods.add(Factor.PASSKEY);
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
     * Activates the pending {@code factor} with {@code activation} (its {@code activatePending}).
     * When it is the first active factor, 2FA has just been switched on and the user gets
     * recovery codes; otherwise the codes stay as they are and the list is empty. The user is
     * told of the new factor (the first codes come with it: no notice of their own).
     */
    public Activation activate(Factor factor, Supplier<Verification> activation) {
        if (!takeChangeMark()) {
            // Like a guess that finds another being checked: not checked, try again in a second.
            return new Activation(Verification.locked(1), List.of());
        }
        boolean wasEnabled = enabled();
        Verification result = activation.get();
        if (!result.accepted()) {
            return new Activation(result, List.of());
        }
        notices().tell(user, SecurityNotice.FACTOR_ADDED, factor.apiName());
        return new Activation(result, wasEnabled ? List.of() : recoveryCodes().issue());
    }

    /** #14: new recovery codes in place of the old; throws {@link ChangeInProgress} when another change runs. */
    public List<String> resetRecoveryCodes() {
        return exclusively(() -> {
            List<String> codes = recoveryCodes().issue();
            notices().tell(user, SecurityNotice.RECOVERY_CODES_MADE, null);
            return codes;
        });
    }

    /** #13: removes the authenticator app; false when there was none. */
    public boolean removeTotp() {
        return exclusively(() -> afterRemoval(totp().remove(), Factor.TOTP));
    }

    /** #20: removes one passkey; false when the user has no such passkey. */
    public boolean removePasskey(String id) {
        return exclusively(() -> afterRemoval(passkeys().remove(id), Factor.PASSKEY));
    }

    /** #12: removes email OTP; false when it was not active. */
    public boolean removeEmailOtp() {
        return exclusively(() -> afterRemoval(emailOtp().remove(), Factor.EMAIL_OTP));
    }

    private <T> T exclusively(Supplier<T> change) {
        if (!takeChangeMark()) {
            throw new ChangeInProgress();
        }
        return change.get();
    }

    private boolean takeChangeMark() {
        String mark = "kcpack.factors.changing." + realm.getId() + "." + user.getId();
        if (!session.singleUseObjects().putIfAbsent(mark, CHANGE_MARK_SECONDS)) {
            return false;
        }
        AfterTransaction.always(session, () -> session.singleUseObjects().remove(mark));
        FreshUser.reload(session, realm, user);
        return true;
    }

    /**
     * The sudo tokens that proved the removed factor end; without any factor left the
     * recovery codes go too.
     */
    private boolean afterRemoval(boolean removed, Factor factor) {
        if (removed) {
            notices().tell(user, SecurityNotice.FACTOR_REMOVED, factor.apiName());
            TokenRevocation.revokeProofsOf(user, factor.apiName());
            if (!enabled()) {
                // The codes go with the last factor; a sudo token that a code proved stays for
                // its few minutes, so its holder still gets the contract's 2FA_IS_DISABLED.
                recoveryCodes().remove();
            }
        }
        return removed;
    }

    private SecurityNotices notices() {
        return new SecurityNotices(session, realm);
    }
}
