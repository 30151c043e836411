package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.Logins;
import dev.kcpack.testing.Logins.Login;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /user/sessions}: the user's sessions as Keycloak itself has them (its admin REST
 * agrees, online and offline), the caller's marked; ending one or all the others goes through
 * Keycloak's logout (their refresh tokens answer {@code invalid_grant}); another user's session
 * is not found; a user with a second factor ends sessions only with a sudo token.
 */
class UserSessionsIT extends RealmTestBase {

    private Logins logins;

    @BeforeAll
    void logins() {
        logins = new Logins(env, realm);
    }

    @Test
    void theListIsWhatKeycloakKeepsWithTheCallersMarked() {
        TestUser user = env.newUser(realm);
        Login caller = logins.login(user, "openid");
        logins.login(user, "openid");
        logins.login(user, "openid offline_access");

        JsonNode listed = ok(api.get("/sessions", caller.access())).get("sessions");
        Set<String> online = new TreeSet<>();
        Set<String> offline = new TreeSet<>();
        List<String> current = new ArrayList<>();
        for (JsonNode session : listed) {
            (session.get("offline").asBoolean() ? offline : online).add(session.get("id").asText());
            if (session.get("current").asBoolean()) {
                current.add(session.get("id").asText());
            }
            assertEquals("127.0.0.1", session.get("ipAddress").asText(), session.toString());
            assertEquals(List.of(TestEnvironment.CLIENT_ID), clientIds(session), session.toString());
            assertFalse(session.get("summary").asText().isBlank(), session.toString());
            Instant started = Instant.parse(session.get("started").asText());
            assertFalse(Instant.parse(session.get("lastAccess").asText()).isBefore(started), session.toString());
        }
        assertEquals(List.of(Jwt.claims(caller.access()).get("sid").asText()), current, listed.toString());

        // Keycloak's admin REST lists the same sessions, with the same start.
        JsonNode admins = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/sessions", null).json();
        Set<String> adminOnline = new TreeSet<>();
        admins.forEach(s -> adminOnline.add(s.get("id").asText()));
        assertEquals(adminOnline, online);
        assertTrue(online.size() >= 2, listed.toString());
        for (JsonNode session : admins) {
            JsonNode ours = find(listed, session.get("id").asText(), false);
            assertEquals(session.get("start").asLong() / 1000, Instant.parse(ours.get("started").asText()).getEpochSecond());
        }
        String clientUuid = env.admin().send("GET", "/admin/realms/" + realm + "/clients?clientId=" + TestEnvironment.CLIENT_ID,
                null).json().get(0).get("id").asText();
        JsonNode adminOffline = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id()
                + "/offline-sessions/" + clientUuid, null).json();
        Set<String> adminOfflineIds = new TreeSet<>();
        adminOffline.forEach(s -> adminOfflineIds.add(s.get("id").asText()));
        assertEquals(adminOfflineIds, offline);
        assertEquals(1, offline.size(), listed.toString());
    }

    @Test
    void oneSessionOrEveryOtherEndsThroughKeycloaksLogout() {
        TestUser user = env.newUser(realm);
        Login caller = logins.login(user, "openid");
        Login other = logins.login(user, "openid");
        Login third = logins.login(user, "openid");
        Login offline = logins.login(user, "openid offline_access");
        TestUser stranger = env.newUser(realm);
        Login strangers = logins.login(stranger, "openid");

        assertError(api.delete("/sessions/" + sid(strangers), caller.access()), 404, "Not Found", "SESSION_NOT_FOUND");
        assertError(api.delete("/sessions/no-such-session", caller.access()), 404, "Not Found", "SESSION_NOT_FOUND");
        logins.assertRefreshes(strangers);

        assertEquals(null, ok(api.delete("/sessions/" + sid(other), caller.access())).textValue());
        logins.assertEnded(other);
        logins.assertRefreshes(third);

        JsonNode ended = ok(api.delete("/sessions", caller.access()));
        assertTrue(ended.get("ended").asInt() >= 2, ended.toString());
        logins.assertEnded(third);
        logins.assertEnded(offline);
        logins.assertRefreshes(caller);
        logins.assertRefreshes(strangers);
        JsonNode left = ok(api.get("/sessions", caller.access())).get("sessions");
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).get("current").asBoolean(), left.toString());

        // The caller may end its own session too: its token is then void.
        assertEquals(null, ok(api.delete("/sessions/" + sid(caller), caller.access())).textValue());
        logins.assertEnded(caller);
        assertError(api.get("/sessions", caller.access()), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void withASecondFactorEndingNeedsASudoToken() {
        TestUser user = env.newUser(realm);
        Login caller = logins.login(user, "openid");
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", caller.access(), Map.of())).get("url").asText());
        JsonNode codes = ok(api.post("/2fa/totp/enable", caller.access(),
                Map.of("totp", app.code(), "keepOtherSessions", true))).get("recoveryCodes");
        Login other = logins.login(user, "openid", codes.get(0).asText());

        assertEquals(2, ok(api.get("/sessions", caller.access())).get("sessions").size());
        assertError(api.delete("/sessions", caller.access()), 401, "Unauthorized", "SUDO_TOKEN_REQUIRED");
        assertError(api.delete("/sessions/" + sid(other), caller.access()), 401, "Unauthorized", "SUDO_TOKEN_REQUIRED");
        logins.assertRefreshes(other);

        String sudo = ok(api.post("/2fa/recovery-code/authenticate", caller.access(),
                Map.of("recoveryCode", codes.get(1).asText()))).get("sudoToken").asText();
        JsonNode bySudo = ok(api.get("/sessions", sudo)).get("sessions");
        assertEquals(sid(caller), find(bySudo, sid(caller), false).get("id").asText());
        assertTrue(find(bySudo, sid(caller), false).get("current").asBoolean(), bySudo.toString());
        assertEquals(1, ok(api.delete("/sessions", sudo)).get("ended").asInt());
        logins.assertEnded(other);
        logins.assertRefreshes(caller);
    }

    private static String sid(Login login) {
        return Jwt.claims(login.access()).get("sid").asText();
    }

    private static JsonNode find(JsonNode sessions, String id, boolean offline) {
        for (JsonNode session : sessions) {
            if (session.get("id").asText().equals(id) && session.get("offline").asBoolean() == offline) {
                return session;
            }
        }
        throw new AssertionError("no " + (offline ? "offline " : "") + "session " + id + " in " + sessions);
    }

    private static List<String> clientIds(JsonNode session) {
        List<String> ids = new ArrayList<>();
        session.get("clients").forEach(c -> ids.add(c.get("clientId").asText()));
        return ids;
    }
}
