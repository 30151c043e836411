package dev.kcpack.core.token;

import java.util.Optional;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * #20: the API login with a passkey alone. The user's discoverable passkey names the user and,
 * with the user verified on the device (PIN or biometrics), proves two factors at once: what
 * they have and what they know or are. The login is finished as the two-step login's is, into a
 * real user session with the client's tokens; acr is the realm's 2FA level, amr the passkey
 * step's reference (no password).
 */
public final class PasswordlessLogin {

    public static final String AUTH_METHOD = "kcpack-passkey-sign-in";

    private final KeycloakSession session;
    private final RealmModel realm;

    public PasswordlessLogin(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Logs {@code user} in at {@code client} with {@code scope} (as a password grant's
     * {@code scope}); empty, and nothing left behind, when the user has a duty pending that only
     * Keycloak's pages can do (Keycloak's own grants refuse such a user too).
     *
     * @param factor    the factor's name in events ({@code Factor.apiName()})
     * @param loginStep its browser step ({@code Factor.loginStep()}), for the tokens' amr
     */
    public Optional<TwoStepLogin.Finished> finish(UserModel user, ClientModel client, String scope, String factor,
                                                  String loginStep) {
        KeycloakLoginTail tail = new KeycloakLoginTail(session, realm);
        EventBuilder event = tail.loginEvent(client, user, AUTH_METHOD, factor);
        AuthenticationSessionModel authSession = tail.begin(client, user, scope, new TwoStepLogin(session, realm).issuer());
        if (PendingDuties.pendAt(session, realm, authSession, user, event)) {
            session.authenticationSessions().removeRootAuthenticationSession(realm, authSession.getParentSession());
            return Optional.empty();
        }
        SecondFactorProof.outsideItsStep(session, realm, authSession, loginStep);
        KeycloakLoginTail.Issued issued = tail.issue(authSession, event);
        event.success();
        return Optional.of(new TwoStepLogin.Finished(issued.tokens(), issued.userSession()));
    }
}
