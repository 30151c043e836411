package dev.kcpack.rest;

import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.HttpHeaders;

import dev.kcpack.core.access.ApiClients;
import dev.kcpack.core.access.RecentLogin;
import dev.kcpack.core.guard.KeycloakLockout;
import dev.kcpack.core.token.PartialAuthToken;
import dev.kcpack.core.token.PendingDuties;
import dev.kcpack.core.token.SudoToken;
import dev.kcpack.core.token.SudoTokens;
import dev.kcpack.core.token.TwoStepLogin;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.common.util.UriUtils;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.util.BasicAuthHelper;

/**
 * Resolves the bearer token of the current request into a {@link Caller}, by the
 * rules of the contract's auth column. Keycloak verifies the tokens (signature, realm,
 * expiry, live session, enabled user); this class picks the verifier by the token's
 * kind, maps the outcome to the contract's errors and opens CORS for the token's client.
 */
final class BearerAuth {

    private static final String BEARER = "bearer ";
    private static final String ORIGIN = "Origin";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiClients clients;
    private final boolean refuseLockedUsers;
    private final boolean recentLoginNeeded;

    BearerAuth(KeycloakSession session) {
        this(session, true, true);
    }

    private BearerAuth(KeycloakSession session, boolean refuseLockedUsers, boolean recentLoginNeeded) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.clients = new ApiClients(session, realm);
        this.refuseLockedUsers = refuseLockedUsers;
        this.recentLoginNeeded = recentLoginNeeded;
    }

    /**
     * For operations that check a guess, or tell when the next guess may come: their
     * attempt gate refuses a user Keycloak has locked in the operation's own words (429
     * with the wait) and counts Keycloak's wait in its answer, so this does not refuse.
     */
    BearerAuth forGuess() {
        return new BearerAuth(session, false, recentLoginNeeded);
    }

    /**
     * For an operation that asks the user's password itself (#18): that is the fresh proof,
     * so a plain access token need not come from a recent login.
     */
    BearerAuth askingThePassword() {
        return new BearerAuth(session, refuseLockedUsers, false);
    }

    /** What a bearer token claims to be; the matching verifier then checks it. */
    private enum Kind { ACCESS, SUDO, PARTIAL }

    /** Auth "A": an access token. */
    Caller requireAccessToken() {
        String token = bearerToken();
        if (kind(token) != Kind.ACCESS) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        return accessCaller(token);
    }

    /** Auth "S": a sudo token. */
    Caller requireSudoToken() {
        String token = bearerToken();
        return switch (kind(token)) {
            case SUDO -> sudoCaller(token);
            case ACCESS -> {
                accessCaller(token);
                throw ApiException.unauthorized(ApiErrorCodes.SUDO_TOKEN_REQUIRED);
            }
            case PARTIAL -> throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        };
    }

    /**
     * Auth "S/A": a sudo token, or an access token while the user has no second factor. Such an
     * access token stands in for the fresh proof a sudo token is, so its login must be recent
     * ({@link RecentLogin}), unless the operation asks the password itself.
     */
    Caller requireSudoOrAccessWithout2fa() {
        String token = bearerToken();
        return switch (kind(token)) {
            case SUDO -> sudoCaller(token);
            case ACCESS -> {
                Caller caller = accessCaller(token);
                if (new SecondFactors(session, realm, caller.user()).enabled()) {
                    throw ApiException.unauthorized(ApiErrorCodes.SUDO_TOKEN_REQUIRED);
                }
                if (recentLoginNeeded && !RecentLogin.of(realm).holds(caller.authTime())) {
                    throw ApiException.unauthorized(ApiErrorCodes.REAUTHENTICATION_REQUIRED);
                }
                yield caller;
            }
            case PARTIAL -> throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        };
    }

    /** Auth "A|S": an access token or a sudo token (reading what either may read). */
    Caller requireAccessOrSudoToken() {
        String token = bearerToken();
        return switch (kind(token)) {
            case ACCESS -> accessCaller(token);
            case SUDO -> sudoCaller(token);
            case PARTIAL -> throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        };
    }

    /** Auth "A/P": an access token, or the partial auth token of a two-step login. */
    Caller requireAccessOrPartialToken() {
        String token = bearerToken();
        return switch (kind(token)) {
            case ACCESS -> accessCaller(token);
            case PARTIAL -> partialCaller(token);
            case SUDO -> throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        };
    }

    /**
     * Auth "C" (#20): no user yet, a client. {@code clientId} names an enabled client of the
     * realm, whose Web Origins CORS then opens for; a confidential one proves itself with its
     * secret (HTTP Basic, as at Keycloak's token endpoint); and it must be one that may log users
     * in over the API: OpenID Connect, not bearer-only, direct access grants on (the door of the
     * API's password login too).
     */
    ClientModel requireLoginClient(String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled()) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_CLIENT);
        }
        openCors(webOrigins(client.getClientId()));
        if (!client.isPublicClient() && !client.isBearerOnly() && !provesSecret(client)) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_CLIENT);
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol()) || client.isBearerOnly()
                || !client.isDirectAccessGrantsEnabled()) {
            throw ApiException.forbidden(ApiErrorCodes.CLIENT_NOT_ALLOWED);
        }
        return admitted(client);
    }

    /** Whether the request's HTTP Basic credentials are {@code client}'s id and secret. */
    private boolean provesSecret(ClientModel client) {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        String[] idAndSecret;
        try {
            idAndSecret = header == null ? null : BasicAuthHelper.RFC6749.parseHeader(header);
        } catch (RuntimeException malformed) {
            idAndSecret = null;
        }
        return idAndSecret != null && client.getClientId().equals(idAndSecret[0]) && client.validateSecret(idAndSecret[1]);
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
        // The getters: AuthResult is a class in 26.4 and a record keeping them in 26.5+ (compat.KeycloakApi).
        AccessToken access = result.getToken();
        Set<String> origins = access.getAllowedOrigins();
        openCors(origins != null && !origins.isEmpty() ? origins : webOrigins(access.getIssuedFor()));
        ClientModel client = access.getIssuedFor() == null ? null : realm.getClientByClientId(access.getIssuedFor());
        if (!clients.admits(access) || client == null || !clients.admits(client)) {
            throw refused(access.getIssuedFor());
        }
        return unlessLocked(Caller.access(result.getUser(), result.getSession(), access.getIssuedFor(),
                RecentLogin.authTime(access, result.getSession())));
    }

    /** The client of a pack token, if the realm's admin lets it use the API (else 403). */
    private ClientModel admitted(ClientModel client) {
        if (!clients.admits(client)) {
            throw refused(client.getClientId());
        }
        return client;
    }

    private ApiException refused(String clientId) {
        clients.logRefusal(clientId);
        return ApiException.forbidden(ApiErrorCodes.API_CLIENT_NOT_ALLOWED);
    }

    private Caller sudoCaller(String token) {
        Optional<SudoTokens.Sudo> sudo = new SudoTokens(session, realm).verify(token);
        if (sudo.isEmpty()) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        String clientId = sudo.get().token().getIssuedFor();
        openCors(webOrigins(clientId));
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled()) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        admitted(client);
        return unlessLocked(new Caller(sudo.get().user(), sudo.get().userSession(), clientId, true, null, 0));
    }

    private Caller partialCaller(String token) {
        Optional<TwoStepLogin.Partial> partial = new TwoStepLogin(session, realm).verify(token);
        if (partial.isEmpty()) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        ClientModel client = partial.get().client();
        openCors(webOrigins(client.getClientId()));
        admitted(client);
        if (PendingDuties.pend(partial.get().user())) {
            // An admin added a required action after the token was issued: Keycloak's own
            // grant would refuse this user now, so the login is not finished either.
            throw ApiException.badRequest(ApiErrorCodes.ACCOUNT_NOT_FULLY_SET_UP);
        }
        return unlessLocked(new Caller(partial.get().user(), null, client.getClientId(), false, partial.get(), 0));
    }

    /** Every door refuses a user Keycloak's brute-force detection has locked, whatever the token. */
    private Caller unlessLocked(Caller caller) {
        if (refuseLockedUsers && new KeycloakLockout(session, realm).locks(caller.user())) {
            throw ApiException.forbidden(ApiErrorCodes.USER_TEMPORARILY_LOCKED);
        }
        return caller;
    }

    /** The Web Origins of the client {@code clientId}, as Keycloak resolves them ("+" and all). */
    private Set<String> webOrigins(String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        return client == null ? Set.of() : WebOriginsUtils.resolveValidWebOrigins(session, client);
    }

    /**
     * As Keycloak's Account REST API does from 26.7 on: a request whose {@code Origin} is
     * neither among {@code allowed} nor this server's own is refused (403) before anything
     * happens; an allowed one gets the CORS headers. Checked here rather than by Keycloak's
     * {@code Cors}, whose checking method 26.4 and 26.5 do not have (compat.KeycloakApi).
     */
    private void openCors(Set<String> allowed) {
        String origin = session.getContext().getRequestHeaders().getHeaderString(ORIGIN);
        boolean listed = origin != null && (allowed.contains(origin) || allowed.contains("*"));
        if (origin != null && !listed && !origin.equals(UriUtils.getOrigin(session.getContext().getUri().getRequestUri()))) {
            throw new ForbiddenException("Invalid origin");
        }
        Cors cors = Cors.builder().allowedMethods(ApiResponses.ALLOWED_METHODS).exposedHeaders(ApiResponses.RETRY_AFTER).auth();
        if (listed) {
            // The origin was checked just above: Keycloak's Cors echoes it back.
            cors.allowAllOrigins();
        }
        cors.add();
    }

    /**
     * The kind the token claims. Only the unverified {@code typ} claim is read here, to
     * choose the verifier; the chosen verifier checks the signature.
     */
    private static Kind kind(String token) {
        String type;
        try {
            type = new JWSInput(token).readJsonContent(JsonWebToken.class).getType();
        } catch (JWSInputException | RuntimeException unreadable) {
            return Kind.ACCESS;
        }
        if (SudoToken.TYPE.equals(type)) {
            return Kind.SUDO;
        }
        return PartialAuthToken.TYPE.equals(type) ? Kind.PARTIAL : Kind.ACCESS;
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
