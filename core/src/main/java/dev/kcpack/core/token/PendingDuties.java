package dev.kcpack.core.token;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's rule for its own password grant, kept at every API door of the pack: a user
 * with a pending duty (a required action such as "update password" after a temporary
 * password, "verify email", "terms and conditions") is not logged in over the API, since
 * those duties can only be done on Keycloak's pages. Keycloak answers
 * {@code 400 invalid_grant "Account is not fully set up"}; the pack answers the same,
 * before it issues a partial token or checks any factor.
 */
public final class PendingDuties {

    /** Keycloak's words for the refusal (its password grant's {@code error_description}). */
    public static final String NOT_FULLY_SET_UP = "Account is not fully set up";

    private PendingDuties() {
    }

    /**
     * Whether the user logging in through {@code authSession} has a duty pending: its own
     * required actions, and those the realm's required actions add on login (Keycloak's
     * triggers, as its password grant evaluates them: "verify email" where the realm asks).
     */
    public static boolean pendAt(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                 UserModel user, EventBuilder event) {
        AuthenticationManager.evaluateRequiredActionTriggers(session, authSession, session.getContext().getHttpRequest(),
                event, realm, user);
        return pend(user) || !authSession.getRequiredActions().isEmpty();
    }

    /** Whether {@code user} has required actions now (an admin may add one after a partial token was issued). */
    public static boolean pend(UserModel user) {
        return user.getRequiredActionsStream().findAny().isPresent();
    }
}
