package dev.kcpack.core.token;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationProcessor;
import dev.kcpack.core.support.PackEvents;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

/**
 * The one place the pack leans on Keycloak internals: the tail of the token endpoint's
 * password grant, run for a user whose second factor the pack has just verified. Keycloak
 * offers no public SPI to finish a login outside an authentication flow, so this follows
 * what {@code org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantType}
 * does after its flow succeeds, with these Keycloak 26 classes:
 * {@link AuthenticationSessionManager#createAuthenticationSession},
 * {@link AuthenticationManager#setClientScopesInSession},
 * {@link AuthenticationProcessor#attachSession},
 * {@link TokenManager#responseBuilder} and {@link AuthenticationManager#logSuccess}.
 * {@code TwoStepLoginIT} checks the result end to end (a user session the admin API lists,
 * a LOGIN event, refreshable tokens for the same client and scopes), so an upgrade that
 * changes any of them fails there, loudly.
 */
final class KeycloakLoginTail {

    /** The tokens of the finished login and the user session they belong to. */
    record Issued(AccessTokenResponse tokens, UserSessionModel userSession) {
    }

    /** Keycloak's password check of the direct grant (ValidatePassword). */
    private static final String PASSWORD_STEP = "direct-grant-validate-password";

    private final KeycloakSession session;
    private final RealmModel realm;

    KeycloakLoginTail(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The LOGIN event of an API login: its client, user, how it was made and the factor it proved. */
    EventBuilder loginEvent(ClientModel client, UserModel user, String authMethod, String factor) {
        return new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN)
                .client(client)
                .user(user)
                .detail(Details.AUTH_METHOD, authMethod)
                .detail(Details.USERNAME, user.getUsername())
                .detail(PackEvents.SECOND_FACTOR, factor);
    }

    /**
     * The authentication session of a login of {@code user} at {@code client} with {@code scope}:
     * what the login proved is recorded on it (acr, amr), then {@link #issue} turns it into a
     * user session and tokens.
     */
    AuthenticationSessionModel begin(ClientModel client, UserModel user, String scope, String issuer) {
        AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false)
                .createAuthenticationSession(client);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setAction(AuthenticatedClientSessionModel.Action.AUTHENTICATE.name());
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, issuer);
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        authSession.setAuthenticatedUser(user);
        session.getContext().setClient(client);
        session.getContext().setAuthenticationSession(authSession);
        return authSession;
    }

    /** Records that the first step of the login was the password of {@code client}'s direct grant (amr pwd). */
    void passwordOfDirectGrant(ClientModel client, AuthenticationSessionModel authSession) {
        SecondFactorProof.passwordOfDirectGrant(realm, authSession, directGrantFlow(client), PASSWORD_STEP);
    }

    /** A new user session from {@code authSession} (see {@link #begin}), and its tokens. */
    Issued issue(AuthenticationSessionModel authSession, EventBuilder event) {
        ClientModel client = authSession.getClient();
        AuthenticationManager.setClientScopesInSession(session, authSession);

        ClientSessionContext clientSessionCtx = AuthenticationProcessor.attachSession(authSession, null, session, realm,
                session.getContext().getConnection(), event);
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, OAuth2Constants.PASSWORD);
        UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
        event.session(userSession);

        TokenManager.AccessTokenResponseBuilder tokens = new TokenManager()
                .responseBuilder(realm, client, event, session, userSession, clientSessionCtx)
                .generateAccessToken()
                .generateRefreshToken();
        if (TokenUtil.isOIDCRequest(clientSessionCtx.getClientSession().getNote(OAuth2Constants.SCOPE))) {
            tokens.generateIDToken().generateAccessTokenHash();
        }
        AccessTokenResponse response = tokens.build();
        AuthenticationManager.logSuccess(session, authSession);
        return new Issued(response, userSession);
    }

    /** The direct-grant flow of {@code client}: its own override, else the realm's. */
    private String directGrantFlow(ClientModel client) {
        String override = client.getAuthenticationFlowBindingOverride("direct_grant");
        return override != null ? override : realm.getDirectGrantFlow().getId();
    }
}
