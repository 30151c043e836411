package dev.kcpack.rest;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Resolves the bearer token of the current request. Keycloak verifies access tokens
 * (signature, realm, expiry, active session, enabled user); this class only maps the
 * outcome to the contract's errors and opens CORS for the token's client.
 */
final class BearerAuth {

    private static final String BEARER = "bearer ";

    private final KeycloakSession session;

    BearerAuth(KeycloakSession session) {
        this.session = session;
    }

    /** Auth "A": a valid access token of this realm. */
    AuthResult requireAccessToken() {
        String token = bearerToken();
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).setTokenString(token).authenticate();
        } catch (RuntimeException notAToken) {
            result = null;
        }
        if (result == null) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        Cors.builder()
                .checkAllowedOrigins(result.token())
                .allowedMethods(ApiResponses.ALLOWED_METHODS)
                .exposedHeaders(ApiResponses.RETRY_AFTER)
                .auth()
                .add();
        return result;
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
