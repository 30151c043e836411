package dev.kcpack.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.sessions.UserSessions;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /user/sessions} (ours): the user's sessions, online and offline, as Keycloak's own
 * Account API shows them ({@code /account/sessions/devices}), so an app can offer what its
 * Account Console offers (which app tokens cannot reach). Listing needs an access or a sudo
 * token; ending needs the fresh proof every change needs (a sudo token, or a recent login's
 * access token while the user has no second factor). Sessions end through Keycloak's own
 * logout, with their refresh, offline and sudo tokens.
 */
public final class SessionResource {

    private final KeycloakSession session;
    private final BearerAuth auth;

    SessionResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
    }

    @GET
    public Response getSessions() {
        Caller caller = auth.requireAccessOrSudoToken();
        List<Session> sessions = sessions(caller).list(caller.userSession()).stream().map(Session::new).toList();
        return ApiResponses.ok(Map.of("sessions", sessions));
    }

    @DELETE
    @Path("{id}")
    public Response deleteSession(@PathParam("id") String id) {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        if (id == null || id.length() > 64 || !sessions(caller).end(id, "sessions/delete")) {
            throw ApiException.notFound(ApiErrorCodes.SESSION_NOT_FOUND);
        }
        return ApiResponses.ok(null);
    }

    @DELETE
    public Response deleteOtherSessions() {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        // A token outside any session (none the API hands out) would keep nothing.
        String own = caller.userSession() == null ? null : caller.userSession().getId();
        UserSessions.Ended ended = sessions(caller).endAllBut(own, "sessions/delete-others");
        return ApiResponses.ok(Map.of("ended", ended.count()));
    }

    private UserSessions sessions(Caller caller) {
        return new UserSessions(session, session.getContext().getRealm(), caller.user());
    }

    /**
     * One session: what Keycloak's Account API shows of it, times as ISO-8601 UTC like the rest
     * of this API ({@code expires} null where the realm sets no end), and {@code summary} as the
     * security notices word it.
     */
    public record Session(String id, String started, String lastAccess, String expires, String ipAddress,
                          String summary, String browser, String os, String osVersion, String device, boolean mobile,
                          List<UserSessions.Client> clients, boolean offline, boolean current) {
        Session(UserSessions.Listed s) {
            this(s.id(), iso(s.started()), iso(s.lastAccess()), s.expires() < 0 ? null : iso(s.expires()), s.ipAddress(),
                    s.summary(), s.browser(), s.os(), s.osVersion(), s.device(), s.mobile(), s.clients(), s.offline(), s.current());
        }

        private static String iso(long epochSeconds) {
            return Instant.ofEpochSecond(epochSeconds).toString();
        }
    }
}
