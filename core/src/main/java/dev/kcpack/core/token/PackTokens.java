package dev.kcpack.core.token;

import java.util.Optional;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * The pack's own internal tokens (sudo, partial auth, passkey challenges): signed and checked by Keycloak's
 * token machinery with the realm's HMAC key. One place stamps them and one place checks
 * what every kind needs: genuine, of the expected kind, current, issued by this realm.
 */
public final class PackTokens {

    private final KeycloakSession session;
    private final RealmModel realm;

    public PackTokens(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Fills the common claims of {@code token} and signs it. */
    public String encode(PackToken token, String type, String subject, String clientId, int lifespanSeconds) {
        token.setIssuedAtMillis(Time.currentTimeMillis());
        token.id(SecretGenerator.getInstance().generateSecureID());
        token.type(type);
        token.issuer(issuer());
        token.subject(subject);
        token.issuedFor(clientId);
        long now = Time.currentTime();
        token.iat(now);
        token.nbf(now);
        token.exp(now + lifespanSeconds);
        return session.tokens().encode(token);
    }

    /** The token, if it is genuine, of the kind {@code type}, current and issued by this realm. */
    public <T extends PackToken> Optional<T> decode(String encoded, Class<T> kind, String type) {
        T token;
        try {
            token = session.tokens().decode(encoded, kind);
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        if (token == null || !type.equals(token.getType()) || !token.isActive()
                || !issuer().equals(token.getIssuer()) || token.getId() == null) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    private String issuer() {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }
}
