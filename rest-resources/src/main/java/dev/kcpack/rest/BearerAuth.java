package dev.kcpack.rest;

import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;

import dev.kcpack.core.SecondFactors;
import dev.kcpack.core.SudoToken;
import dev.kcpack.core.SudoTokens;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Resolves the bearer token of the current request into a {@link Caller}, by the
 * rules of the contract's auth column. Keycloak verifies the tokens (signature, realm,
 * expiry, live session, enabled user); this class picks the verifier by the token's
 * kind, maps the outcome to the contract's errors and opens CORS for the token's client.
 */
final class BearerAuth {

    private static final String BEARER = "bearer ";

    private final KeycloakSession session;
    private final RealmModel realm;

    BearerAuth(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** Auth "A": an access token. */
    Caller requireAccessToken() {
        String token = bearerToken();
        if (!isAccessToken(token)) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        return accessCaller(token);
    }

    /** Auth "S": a sudo token. */
    Caller requireSudoToken() {
        String token = bearerToken();
        if (isAccessToken(token)) {
            accessCaller(token);
            throw ApiException.unauthorized(ApiErrorCodes.SUDO_TOKEN_REQUIRED);
        }
        return sudoCaller(token);
    }

    /** Auth "S/A": a sudo token, or an access token while the user has no second factor. */
    Caller requireSudoOrAccessWithout2fa() {
        String token = bearerToken();
        if (!isAccessToken(token)) {
            return sudoCaller(token);
        }
        Caller caller = accessCaller(token);
        if (new SecondFactors(session, realm, caller.user()).enabled()) {
            throw ApiException.unauthorized(ApiErrorCodes.SUDO_TOKEN_REQUIRED);
        }
        return caller;
    }

    /** Auth "A/P": an access token (partial auth tokens come with the two-step login). */
    Caller requireAccessOrPartialToken() {
        return requireAccessToken();
    }

    private Caller accessCaller(String token) {
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).setTokenString(token).authenticate();
        } catch (RuntimeException notAToken) {
            result = null;
        }
        if (result == null) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        openCors(Cors.builder().checkAllowedOrigins(result.token()));
        return new Caller(result.user(), result.session(), result.token().getIssuedFor(), false);
    }

    private Caller sudoCaller(String token) {
        Optional<SudoTokens.Sudo> sudo = new SudoTokens(session, realm).verify(token);
        if (sudo.isEmpty()) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        String clientId = sudo.get().token().getIssuedFor();
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        openCors(Cors.builder().checkAllowedOrigins(session, client));
        return new Caller(sudo.get().user(), sudo.get().userSession(), clientId, true);
    }

    private static void openCors(Cors cors) {
        cors.allowedMethods(ApiResponses.ALLOWED_METHODS).exposedHeaders(ApiResponses.RETRY_AFTER).auth().add();
    }

    /**
     * Whether the token claims to be an access token. Only the unverified claim is read
     * here, to choose the verifier; the chosen verifier checks the signature.
     */
    private static boolean isAccessToken(String token) {
        try {
            String type = new JWSInput(token).readJsonContent(JsonWebToken.class).getType();
            return !SudoToken.TYPE.equals(type);
        } catch (JWSInputException | RuntimeException unreadable) {
            return true;
        }
    }

    private String bearerToken() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized(ApiErrorCodes.NO_TOKEN_PROVIDED);
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            throw ApiException.unauthorized(ApiErrorCodes.NO_TOKEN_PROVIDED);
        }
        return token;
    }
}
