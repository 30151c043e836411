package dev.kcpack.core.token;

import java.util.Optional;

import dev.kcpack.core.settings.PackSettings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
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

    /** A sudo token for a proof of {@code factor} (a factor's API name) in {@code userSession}. */
    public String issue(UserModel user, UserSessionModel userSession, String clientId, String factor) {
        SudoToken token = new SudoToken();
        token.setSessionId(userSession.getId());
        token.setFactor(factor);
        return new PackTokens(session, realm).encode(token, SudoToken.TYPE, user.getId(), clientId,
                PackSettings.of(realm).sudoTokenLifespan());
    }

    /** The sudo token's user and session, if the token is genuine, current and its session alive. */
    public Optional<Sudo> verify(String encoded) {
        Optional<SudoToken> decoded = new PackTokens(session, realm).decode(encoded, SudoToken.class, SudoToken.TYPE);
        if (decoded.isEmpty() || decoded.get().getSessionId() == null) {
            return Optional.empty();
        }
        SudoToken token = decoded.get();
        UserModel user = session.users().getUserById(realm, token.getSubject());
        if (user == null || !user.isEnabled() || TokenRevocation.revoked(user, token, token.getFactor())) {
            return Optional.empty();
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        if (userSession == null || !AuthenticationManager.isSessionValid(realm, userSession)
                || !user.getId().equals(userSession.getUser().getId())) {
            return Optional.empty();
        }
        return Optional.of(new Sudo(user, userSession, token));
    }
}
