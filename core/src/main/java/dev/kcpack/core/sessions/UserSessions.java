package dev.kcpack.core.sessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
import org.keycloak.models.utils.SessionExpirationUtils;
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

    /**
     * One session as the user's list shows it: what Keycloak's Account API shows of it (its
     * {@code /account/sessions/devices}), times in epoch seconds as Keycloak keeps them
     * ({@code expires} -1 where the realm sets no end).
     *
     * @param current whether the caller's own token belongs to it
     */
    public record Listed(String id, long started, long lastAccess, long expires, String ipAddress,
                         String summary, String browser, String os, String osVersion, String device, boolean mobile,
                         List<Client> clients, boolean offline, boolean current) {
    }

    /** A client the session signed in to: its client id and display name (null where it has none). */
    public record Client(String clientId, String name) {
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
     * The user's sessions, newest first, as Keycloak's Account API lists them: online and
     * offline (one login may have both, with one id; each is listed). {@code callerSession}: the
     * session the caller's token belongs to, marked current.
     */
    public List<Listed> list(UserSessionModel callerSession) {
        return all().map(s -> listed(s, callerSession))
                .sorted(Comparator.comparingLong(Listed::started).reversed().thenComparing(Listed::offline))
                .toList();
    }

    private Listed listed(UserSessionModel userSession, UserSessionModel callerSession) {
        DeviceRepresentation device = DeviceActivityManager.getCurrentDevice(userSession);
        if (device == null) {
            device = DeviceRepresentation.unknown();
        }
        long expires = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(userSession.isOffline(),
                userSession.isRememberMe(), TimeUnit.SECONDS.toMillis(userSession.getStarted()), realm);
        if (expires == -1) {
            // An offline session may have no longest life: then its idle end, as Keycloak's Account API says.
            expires = SessionExpirationUtils.calculateUserSessionIdleTimestamp(userSession.isOffline(),
                    userSession.isRememberMe(), TimeUnit.SECONDS.toMillis(userSession.getLastSessionRefresh()), realm);
        }
        List<Client> clients = userSession.getAuthenticatedClientSessions().keySet().stream()
                .map(realm::getClientById).filter(Objects::nonNull)
                .map(c -> new Client(c.getClientId(), c.getName()))
                .sorted(Comparator.comparing(Client::clientId))
                .toList();
        boolean current = callerSession != null && callerSession.getId().equals(userSession.getId())
                && callerSession.isOffline() == userSession.isOffline();
        return new Listed(userSession.getId(), userSession.getStarted(), userSession.getLastSessionRefresh(),
                expires < 0 ? -1 : TimeUnit.MILLISECONDS.toSeconds(expires), userSession.getIpAddress(),
                summary(device), device.getBrowser(), device.getOs(), device.getOsVersion(), device.getDevice(), device.isMobile(),
                clients, userSession.isOffline(), current);
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
        String what = summary(DeviceActivityManager.getCurrentDevice(userSession));
        return userSession.isOffline() ? what + " (offline)" : what;
    }

    /** A readable summary of a device as Keycloak reads it from a User-Agent ("Chrome/120.0 on Linux"). */
    public static String summary(DeviceRepresentation device) {
        return device == null ? DeviceRepresentation.UNKNOWN
                : device.getBrowser() + " on " + device.getOs()
                + (device.getOsVersion() == null || DeviceRepresentation.UNKNOWN.equals(device.getOsVersion())
                ? "" : " " + device.getOsVersion());
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
