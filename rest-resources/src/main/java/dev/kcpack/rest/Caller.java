package dev.kcpack.rest;

import dev.kcpack.core.emailotp.CodeLogin;
import dev.kcpack.core.token.TwoStepLogin;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Who is calling, as proven by the bearer token.
 *
 * @param userSession the session of an access or sudo token; null for a partial auth token
 * @param clientId    the client the token was issued to
 * @param sudo        whether the token was a sudo token (a second factor was just verified)
 * @param partial     the partial auth token of an unfinished two-step login, else null
 * @param authTime    when the user last signed in to the access token's session (epoch seconds); 0 for other tokens
 */
record Caller(UserModel user, UserSessionModel userSession, String clientId, boolean sudo,
              TwoStepLogin.Partial partial, long authTime) {

    /** The login a mailed code of this caller is for: its partial token's, else its session's. */
    CodeLogin codeLogin() {
        if (partial != null) {
            return CodeLogin.partialToken(partial.token().getId());
        }
        return CodeLogin.userSession(userSession == null ? "none." + clientId : userSession.getId());
    }

    static Caller access(UserModel user, UserSessionModel userSession, String clientId, long authTime) {
        return new Caller(user, userSession, clientId, false, null, authTime);
    }
}
