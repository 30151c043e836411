package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only the apps the realm's admin allows may use the API, and a plain access token stands in for
 * a sudo token only right after a login. A leaked token of any other app of the realm (public,
 * direct grants, full scope off: one Keycloak's own Account API refuses too) is refused at every
 * operation before anything is read or changed.
 */
class ApiAccessIT extends RealmTestBase {

    private static final String OTHER_APP = "other-app";

    @BeforeAll
    void anotherAppOfTheRealm() {
        Http.Answer created = env.admin().send("POST", "/admin/realms/" + realm + "/clients", Map.of(
                "clientId", OTHER_APP, "publicClient", true, "directAccessGrantsEnabled", true,
                "fullScopeAllowed", false));
        assertEquals(201, created.status(), created.body());
    }

    @Test
    void anotherAppsTokenIsRefusedAtEveryOperation() throws Exception {
        TestUser user = env.newUser(realm);
        String foreign = token(OTHER_APP, user, Map.of());
        assertFalse(Jwt.claims(foreign).path("aud").toString().contains("kcpack-user-api"), Jwt.claims(foreign).toString());

        JsonNode doc = Http.JSON.readTree(Files.readString(Path.of(System.getProperty("kcpack.openApi", "../docs/openapi.json"))));
        List<String> refused = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            JsonNode op = entry.getValue();
            if (op.get("security").isEmpty()) {
                return;
            }
            String method = entry.getKey().toUpperCase();
            HttpRequest request = Http.request(env.api(realm, path.getKey().replaceAll("\\{[^}]+}", "any")))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + foreign)
                    .method(method, op.has("requestBody") ? HttpRequest.BodyPublishers.ofString("{}")
                            : HttpRequest.BodyPublishers.noBody()).build();
            Http.Answer answer = Http.send(request);
            String where = method + " " + path.getKey() + ": " + answer.body();
            assertError(answer, 403, "Forbidden", "API_CLIENT_NOT_ALLOWED");
            assertTrue(op.get("responses").has("403"), "403 documented: " + where);
            refused.add(where);
        }));
        assertEquals(30, refused.size(), "every operation with a token (36 less the 6 public ones): " + refused);
        // Nothing happened: the user has no pending setup, no factor, the same address.
        assertEquals(Http.JSON.createObjectNode().put("enabled", false), ok(api.get("/2fa", env.accessToken(user))));

        // The passkey sign-in names its client too.
        env.admin().setPackSettings(realm, Map.of("passkeySignIn", "true"));
        assertError(api.post("/passkey/sign-in/options", null, Map.of("clientId", OTHER_APP)), 403, "Forbidden",
                "API_CLIENT_NOT_ALLOWED");
    }

    @Test
    void theDirectGrantGivesSuchAnAppNoPartialTokenButTakesTheCodeInTheGrant() {
        TestUser user = env.newUser(realm);
        AuthenticatorApp app = enrolTotp(env.accessToken(user));

        Http.Answer withoutCode = env.tokenEndpoint(realm, grant(OTHER_APP, user, Map.of()));
        assertEquals(400, withoutCode.status(), withoutCode.body());
        assertEquals("unauthorized_client", withoutCode.json().path("error").asText(), withoutCode.body());
        assertEquals("API_CLIENT_NOT_ALLOWED", withoutCode.json().path("error_description").asText(), withoutCode.body());
        assertFalse(withoutCode.json().has("partialAuthToken"), withoutCode.body());

        // Keycloak's own door stays open to it: the code in the grant itself.
        Http.Answer withCode = env.tokenEndpoint(realm, grant(OTHER_APP, user, Map.of("totp", app.code())));
        assertEquals(200, withCode.status(), withCode.body());
    }

    @Test
    void theAdminsOneStepAllowsAnAppAndTakingItBackEndsItsSudoTokens() {
        String app = "allowed-later";
        Http.Answer created = env.admin().send("POST", "/admin/realms/" + realm + "/clients", Map.of(
                "clientId", app, "publicClient", true, "directAccessGrantsEnabled", true, "fullScopeAllowed", false));
        assertEquals(201, created.status(), created.body());
        TestUser user = env.newUser(realm);
        assertError(api.get("/2fa", token(app, user, Map.of())), 403, "Forbidden", "API_CLIENT_NOT_ALLOWED");

        env.admin().allowApiClient(realm, app);
        env.admin().allowApiClient(realm, app);
        String access = token(app, user, Map.of());
        assertTrue(Jwt.claims(access).path("aud").toString().contains("kcpack-user-api"), Jwt.claims(access).toString());
        ok(api.get("/2fa", access));
        AuthenticatorApp authenticator = enrolTotp(access);
        String partial = env.tokenEndpoint(realm, grant(app, user, Map.of())).json().path("partialAuthToken").asText();
        JsonNode tokens = ok(api.post("/2fa/totp/authenticate", partial, Map.of("totp", authenticator.code())));
        String sudo = tokens.get("sudoToken").asText();
        ok(api.get("/2fa", tokens.get("accessToken").asText()));

        env.admin().disallowApiClient(realm, app);
        assertError(api.post("/2fa/recovery-code/reset", sudo, Map.of()), 403, "Forbidden", "API_CLIENT_NOT_ALLOWED");
        assertError(api.get("/2fa", tokens.get("accessToken").asText()), 403, "Forbidden", "API_CLIENT_NOT_ALLOWED");
        // The demo realm's own app is untouched.
        ok(api.get("/2fa/totp/next-guess", env.partialToken(user)));
    }

    @Test
    void aPlainAccessTokenChangesThingsOnlyRightAfterItsLogin() throws Exception {
        TestUser user = env.newUser(realm);
        Http.Answer login = env.passwordGrant(user, Map.of());
        assertEquals(200, login.status(), login.body());
        String access = login.json().get("access_token").asText();
        env.admin().setPackSettings(realm, Map.of("recentLoginSeconds", "10"));
        try {
            ok(api.post("/2fa/totp/setup", access, Map.of()));
            Thread.sleep(11_000);
            assertError(api.post("/2fa/totp/setup", access, Map.of()), 401, "Unauthorized", "REAUTHENTICATION_REQUIRED");
            assertError(api.post("/email/initiate", access, Map.of("email", "new-" + user.email())), 401, "Unauthorized",
                    "REAUTHENTICATION_REQUIRED");
            assertError(api.post("/2fa/passkey/register/options", access, Map.of()), 401, "Unauthorized",
                    "REAUTHENTICATION_REQUIRED");
            assertError(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())), 401, "Unauthorized",
                    "REAUTHENTICATION_REQUIRED");

            // A refresh renews the token, not the login.
            Http.Answer refreshed = env.tokenEndpoint(realm, Map.of("grant_type", "refresh_token",
                    "client_id", TestEnvironment.CLIENT_ID, "refresh_token", login.json().get("refresh_token").asText()));
            assertEquals(200, refreshed.status(), refreshed.body());
            assertError(api.post("/2fa/totp/setup", refreshed.json().get("access_token").asText(), Map.of()), 401,
                    "Unauthorized", "REAUTHENTICATION_REQUIRED");
            // Reading is no change; and a change that asks the old password is its own fresh proof.
            ok(api.get("/2fa", access));
            String newPassword = "New-" + user.password();
            ok(api.send("PUT", "/password/old-password", access,
                    Map.of("oldPassword", user.password(), "newPassword", newPassword, "keepOtherSessions", true)));

            // Signing in again is what the app does on that answer.
            String fresh = env.accessToken(realm, user.username(), newPassword);
            ok(api.post("/2fa/totp/setup", fresh, Map.of()));
        } finally {
            env.admin().setPackSettings(realm, Map.of("recentLoginSeconds", "600"));
        }
    }

    private AuthenticatorApp enrolTotp(String access) {
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code(), "keepOtherSessions", true)));
        return app;
    }

    private String token(String clientId, TestUser user, Map<String, String> extra) {
        Http.Answer answer = env.tokenEndpoint(realm, grant(clientId, user, extra));
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("access_token").asText();
    }

    private static Map<String, String> grant(String clientId, TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(extra);
        form.putAll(Map.of("grant_type", "password", "client_id", clientId, "scope", "openid",
                "username", user.username(), "password", user.password()));
        return form;
    }
}
