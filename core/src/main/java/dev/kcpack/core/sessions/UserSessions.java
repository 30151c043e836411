package dev.kcpack.core.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.token.TokenRevocation;
import org.keycloak.device.DeviceActivityManager;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.account.DeviceRepresentation;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A user's sessions, as Keycloak keeps them: its online and offline user-session providers,
 * ended by its own logout machinery ({@code AuthenticationManager.backchannelLogout}, which
 * also revokes an offline session and tells the clients that asked for back-channel logout),
 * as Keycloak's Account API and its "Sign out from other devices" do. The pack's sudo tokens
 * name their session and die with it; partial auth tokens (a login still owing its second
 * factor, no session yet) die with every ending of the others.
 */
public final class UserSessions {

    /** Request attribute: what this request ended, by user id, for the security notice. */
    private static final String ENDED_ATTRIBUTE = "kcpack.sessions.ended.";

    /**
     * What an ending ended.
     *
     * @param summaries a readable summary per ended session ("Chrome/120.0 on Linux"), offline ones marked
     */
    public record Ended(List<String> summaries) {

        public static final Ended NOTHING = new Ended(List.of());

        public int count() {
            return summaries.size();
        }

        Ended plus(Ended more) {
            List<String> all = new ArrayList<>(summaries);
            all.addAll(more.summaries);
            return new Ended(List.copyOf(all));
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    public UserSessions(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /** Every session of the user, online then offline (one login may have both, with one id). */
    public Stream<UserSessionModel> all() {
        return Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                session.sessions().getOfflineUserSessionsStream(realm, user));
    }

    /**
     * Ends every session of the user but {@code keepSessionId} (online and offline alike; null
     * ends all), and voids the user's partial auth tokens. {@code operation} names the cause in
     * the LOGOUT events.
     */
    public Ended endAllBut(String keepSessionId, String operation) {
        List<UserSessionModel> ending = all().filter(s -> !Objects.equals(s.getId(), keepSessionId)).toList();
        TokenRevocation.revokePartialTokens(user);
        return record(end(ending, operation));
    }

    /** Ends the user's session {@code sessionId}, online and offline; false when the user has none of that id. */
    public boolean end(String sessionId, String operation) {
        List<UserSessionModel> ending = Stream.concat(
                        Stream.ofNullable(session.sessions().getUserSession(realm, sessionId)),
                        Stream.ofNullable(session.sessions().getOfflineUserSession(realm, sessionId)))
                .filter(s -> s.getUser() != null && user.getId().equals(s.getUser().getId()))
                .toList();
        record(end(ending, operation));
        return !ending.isEmpty();
    }

    /** What this request has ended of {@code user}'s sessions so far. */
    public static Ended endedInThisRequest(KeycloakSession session, UserModel user) {
        Object ended = session.getAttribute(ENDED_ATTRIBUTE + user.getId());
        return ended instanceof Ended e ? e : Ended.NOTHING;
    }

    /** A readable summary of the session's device, from what Keycloak attached at login. */
    public static String summary(UserSessionModel userSession) {
        DeviceRepresentation device = DeviceActivityManager.getCurrentDevice(userSession);
        String what = device == null ? DeviceRepresentation.UNKNOWN
                : device.getBrowser() + " on " + device.getOs()
                + (device.getOsVersion() == null || DeviceRepresentation.UNKNOWN.equals(device.getOsVersion())
                ? "" : " " + device.getOsVersion());
        return userSession.isOffline() ? what + " (offline)" : what;
    }

    private Ended end(List<UserSessionModel> ending, String operation) {
        List<String> summaries = new ArrayList<>();
        for (UserSessionModel userSession : ending) {
            summaries.add(summary(userSession));
            AuthenticationManager.backchannelLogout(session, userSession, true);
            new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(EventType.LOGOUT).user(user).session(userSession)
                    .detail(PackEvents.OPERATION, operation)
                    .success();
        }
        return new Ended(List.copyOf(summaries));
    }

    private Ended record(Ended ended) {
        Ended total = endedInThisRequest(session, user).plus(ended);
        session.setAttribute(ENDED_ATTRIBUTE + user.getId(), total);
        return ended;
    }
}
