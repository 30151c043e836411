package dev.kcpack.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.sessions.UserSessions;
import org.keycloak.models.KeycloakSession;

/**
 * The choice every change of how a user signs in offers (OWASP ASVS 5.0 7.4.3), as Keycloak's own
 * update-password and configure-OTP pages offer "Sign out from other devices", ticked by default:
 * the user's other sessions end (online and offline, with their sudo and partial tokens) unless
 * the request asks to keep them ({@value #FLAG}: {@code true} in the body, or the query for a
 * {@code DELETE}). The caller's own session stays.
 */
final class OtherSessions {

    /** The body field and query parameter. */
    static final String FLAG = "keepOtherSessions";

    private OtherSessions() {
    }

    /** The flag of a JSON body: absent is false; anything but a boolean is a 400. */
    static boolean kept(JsonNode body) {
        JsonNode value = body.get(FLAG);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(FLAG + " must be boolean");
        }
        return value.asBoolean();
    }

    /** Ends the caller's other sessions after a change, unless {@code keep}. */
    static void endUnlessKept(KeycloakSession session, Caller caller, boolean keep, String operation) {
        if (!keep) {
            new UserSessions(session, session.getContext().getRealm(), caller.user())
                    .endAllBut(caller.userSession() == null ? null : caller.userSession().getId(), operation);
        }
    }
}
