package dev.kcpack.core.emailotp;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The login (or sudo) an email code is mailed for. A code is kept under its login and
 * finishes only that one: a code mailed for one partial token does not finish another
 * partial token's login, a sudo code only a sudo of the same session, a login page's code
 * only that page's authentication session; a resend replaces the code of its login alone.
 */
public record CodeLogin(String id) {

    /** The two-step API login of one partial auth token (its id). */
    public static CodeLogin partialToken(String tokenId) {
        return new CodeLogin("partial." + tokenId);
    }

    /** A sudo asked with a token of one user session. */
    public static CodeLogin userSession(String userSessionId) {
        return new CodeLogin("session." + userSessionId);
    }

    /** One browser tab's login or reset on Keycloak's pages. */
    public static CodeLogin authenticationSession(AuthenticationSessionModel authSession) {
        return new CodeLogin("page." + authSession.getParentSession().getId() + "." + authSession.getTabId());
    }
}
