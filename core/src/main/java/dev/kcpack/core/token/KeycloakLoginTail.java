package dev.kcpack.core.token;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.events.EventBuilder;
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

    /** A new user session of {@code user} at {@code client} with {@code scope}, and its tokens. */
    Issued issue(ClientModel client, UserModel user, String scope, String issuer, String loginStep, EventBuilder event) {
        AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false)
                .createAuthenticationSession(client);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setAction(AuthenticatedClientSessionModel.Action.AUTHENTICATE.name());
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, issuer);
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        authSession.setAuthenticatedUser(user);
        // What the first step (the password grant) and the second (the factor) proved, for acr and amr.
        SecondFactorProof.passwordOfDirectGrant(realm, authSession, directGrantFlow(client), PASSWORD_STEP);
        SecondFactorProof.inApiLogin(session, realm, authSession, loginStep);
        session.getContext().setClient(client);
        session.getContext().setAuthenticationSession(authSession);
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
