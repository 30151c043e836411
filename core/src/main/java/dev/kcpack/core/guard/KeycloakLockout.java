package dev.kcpack.core.guard;

import dev.kcpack.core.compat.KeycloakApi;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Keycloak's own brute-force detection, seen from the pack's REST doors: wrong guesses
 * made there count in it as they do in the login flows (the login steps report theirs
 * through Keycloak's authentication processor), and a user it has locked is refused at
 * every door. Nothing happens in realms where the admin left it off.
 */
public final class KeycloakLockout {

    /** Keycloak counts only these categories; the pack's email codes count as {@code otp}, like its login step. */
    public enum Category {
        PASSWORD(PasswordCredentialModel.TYPE),
        OTP(OTPCredentialModel.TYPE),
        RECOVERY_CODE(RecoveryAuthnCodesCredentialModel.TYPE),
        /** Keycloak's two-factor WebAuthn type, which the pack's passkeys are. */
        WEBAUTHN("webauthn");

        private final String keycloakName;

        Category(String keycloakName) {
            this.keycloakName = keycloakName;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public KeycloakLockout(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether Keycloak's detector has {@code user} locked out, for a while or for good. */
    public boolean locks(UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return protector.isTemporarilyDisabled(session, realm, user)
                || protector.isPermanentlyLockedOut(session, realm, user);
    }

    /**
     * Whole seconds until Keycloak lets {@code user} try again; 0 when it does now. A
     * permanent lockout disables the user, which every door already refuses.
     */
    public long secondsLocked(UserModel user) {
        if (!locks(user)) {
            return 0;
        }
        UserLoginFailureModel failure = session.loginFailures().getUserLoginFailure(realm, user.getId());
        long notBefore = failure == null ? 0 : failure.getFailedLoginNotBefore();
        return Math.max(1, notBefore - Time.currentTime());
    }

    /** Tells Keycloak's detector about a wrong guess of {@code user}. */
    public void reportFailure(UserModel user, Category category) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        KeycloakApi.failedLogin(session.getProvider(BruteForceProtector.class), realm, user,
                session.getContext().getConnection(), session.getContext().getUri(), category.keycloakName);
    }
}
