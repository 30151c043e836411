package dev.kcpack.core;

import java.util.Optional;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;

/** Issues and checks sudo tokens with Keycloak's own token machinery. */
public final class SudoTokens {

    /** A verified sudo token: whose, and for which session. */
    public record Sudo(UserModel user, UserSessionModel userSession, SudoToken token) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public SudoTokens(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public String issue(UserModel user, UserSessionModel userSession, String clientId) {
        SudoToken token = new SudoToken();
        token.id(SecretGenerator.getInstance().generateSecureID());
        token.type(SudoToken.TYPE);
        token.issuer(issuer());
        token.subject(user.getId());
        token.issuedFor(clientId);
        token.setSessionId(userSession.getId());
        token.issuedNowWithTTL(PackSettings.of(realm).sudoTokenLifespan());
        return session.tokens().encode(token);
    }

    /** The sudo token's user and session, if the token is genuine, current and its session alive. */
    public Optional<Sudo> verify(String encoded) {
        SudoToken token;
        try {
            token = session.tokens().decode(encoded, SudoToken.class);
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        if (token == null || !SudoToken.TYPE.equals(token.getType()) || !token.isActive()
                || !issuer().equals(token.getIssuer()) || token.getSessionId() == null) {
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(realm, token.getSubject());
        if (user == null || !user.isEnabled()) {
            return Optional.empty();
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        if (userSession == null || !AuthenticationManager.isSessionValid(realm, userSession)
                || !user.getId().equals(userSession.getUser().getId())) {
            return Optional.empty();
        }
        return Optional.of(new Sudo(user, userSession, token));
    }

    private String issuer() {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }
}
