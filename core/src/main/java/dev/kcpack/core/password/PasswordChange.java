package dev.kcpack.core.password;

import java.util.Optional;

import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.notice.SecurityNotice;
import dev.kcpack.core.notice.SecurityNotices;
import dev.kcpack.core.sessions.UserSessions;
import dev.kcpack.core.token.TokenRevocation;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/** #18: a signed-in user changes the password by giving the old one, guessed through its own gate. */
public final class PasswordChange {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    public PasswordChange(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    public boolean hasPassword() {
        return user.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE);
    }

    /**
     * Checks the old password and, when right and the realm policy allows the new one, sets it.
     * Then the user's other sessions end, online and offline, as Keycloak's own update-password
     * page does by default, unless {@code keepOtherSessions}; {@code ownSessionId} (the caller's
     * session) stays either way.
     */
    public PasswordUpdate change(String oldPassword, String newPassword, String ownSessionId, boolean keepOtherSessions) {
        Verification proof = AttemptGate.of(session, realm, user, Door.OLD_PASSWORD).check(() ->
                Verification.of(user.credentialManager().isValid(UserCredentialModel.password(oldPassword))
                        ? Verification.Outcome.ACCEPTED : Verification.Outcome.REJECTED));
        if (!proof.accepted()) {
            return PasswordUpdate.of(proof);
        }
        Optional<String> violation = PasswordRules.realmPolicyViolation(session, realm, user, newPassword);
        if (violation.isPresent()) {
            return PasswordUpdate.refusedByPolicy(violation.get());
        }
        user.credentialManager().updateCredential(UserCredentialModel.password(newPassword, false));
        TokenRevocation.revokeAll(user);
        if (!keepOtherSessions) {
            new UserSessions(session, realm, user).endAllBut(ownSessionId, "password/old-password");
        }
        new SecurityNotices(session, realm).tell(user, SecurityNotice.PASSWORD_CHANGED, null);
        return PasswordUpdate.done(user);
    }
}
