package dev.kcpack.it;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.Map;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.KeycloakExtension;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST skeleton against the real Keycloak: errors, tokens, headers, CORS, GET /user/2fa. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestFoundationIT {

    private static final String WEB_ORIGIN = "http://localhost:3000";

    private TestEnvironment env;
    private String realm;
    private String token;

    @BeforeAll
    void realm(TestEnvironment env) {
        this.env = env;
        this.realm = env.newRealm();
        this.token = env.accessToken(realm, TestEnvironment.PLAIN_USER, TestEnvironment.PLAIN_USER_PASSWORD);
    }

    @Test
    void twoFactorStatusOfAUserWithoutSecondFactorIsDisabled() {
        Http.Answer answer = get("/2fa", token);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(Http.JSON.createObjectNode().put("enabled", false), answer.json());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.header("Content-Type"));
        assertEquals("no-store", answer.header("Cache-Control"));
    }

    @Test
    void missingTokenIsNoTokenProvided() {
        assertError(get("/2fa", null), 401, "Unauthorized", "NO_TOKEN_PROVIDED");
        Http.Answer basic = Http.send(Http.request(env.api(realm, "/2fa"))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").GET().build());
        assertError(basic, 401, "Unauthorized", "NO_TOKEN_PROVIDED");
    }

    @Test
    void garbageTokenIsInvalidToken() {
        assertError(get("/2fa", "not-a-jwt"), 401, "Unauthorized", "INVALID_TOKEN");
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertError(get("/2fa", tampered), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void tokenOfAnotherRealmIsInvalidToken() {
        String otherRealm = env.newRealm();
        String foreign = env.accessToken(otherRealm, TestEnvironment.PLAIN_USER, TestEnvironment.PLAIN_USER_PASSWORD);
        assertError(get("/2fa", foreign), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void expiredTokenIsInvalidToken() throws InterruptedException {
        String shortLived = env.newRealm();
        env.admin().send("PUT", "/admin/realms/" + shortLived, Map.of("accessTokenLifespan", 1));
        String expiring = env.accessToken(shortLived, TestEnvironment.PLAIN_USER, TestEnvironment.PLAIN_USER_PASSWORD);
        Thread.sleep(2_500);
        assertError(get("/2fa", expiring), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void unknownPathsAreNotFoundInTheContractShape() {
        assertError(get("/nothing-here", token), 404, "Not Found", "Cannot GET /user/nothing-here");
        assertError(get("/2fa/nothing-here", token), 404, "Not Found", "Cannot GET /user/2fa/nothing-here");
        assertError(get("", token), 404, "Not Found", "Cannot GET /user");
        Http.Answer noRealm = Http.send(Http.request(env.baseUrl() + "/realms/no-such-realm/user/2fa")
                .header("Authorization", "Bearer " + token).GET().build());
        assertEquals(404, noRealm.status(), noRealm.body());
        assertEquals("Not Found", noRealm.json().get("error").asText());
    }

    @Test
    void wrongMethodIsMethodNotAllowedInTheContractShape() {
        Http.Answer answer = Http.send(Http.request(env.api(realm, "/2fa"))
                .header("Authorization", "Bearer " + token)
                .DELETE().build());
        assertError(answer, 405, "Method Not Allowed", "Method DELETE is not allowed on /user/2fa");
    }

    @Test
    void malformedBodiesAreBadRequestsInTheContractShape() {
        UserApi api = new UserApi(env, realm);
        assertError(api.postRaw("/2fa/totp/enable", token, "{\"totp\": "), 400, "Bad Request",
                "body is not valid JSON");
        assertError(api.postRaw("/2fa/totp/enable", token, "[1, 2]"), 400, "Bad Request", "body must be object");
        assertError(api.postRaw("/2fa/totp/enable", token, "{}"), 400, "Bad Request",
                "body must have required property 'totp'");
        assertError(api.postRaw("/2fa/totp/enable", token, "{\"totp\": 123456}"), 400, "Bad Request",
                "totp must be string");
        assertError(api.postRaw("/2fa/totp/enable", token, "{\"totp\": \"12345a\"}"), 400, "Bad Request",
                "totp must be a string of 6 digits");
    }

    @Test
    void addressesTheServerCannotUseAreBadRequests() {
        UserApi api = new UserApi(env, realm);
        for (String bad : new String[] {"a\u0000b@example.test", "line\r\nBcc: x@example.test", "jos\u00e9@example.test",
                "a@ex\u00e4mple.test", "\"quoted\"@example.test", "a@localhost"}) {
            assertError(api.post("/password/reset/send", null, Map.of("email", bad)), 400, "Bad Request",
                    "Invalid email address");
            assertError(api.post("/password/reset/validate", null, Map.of("email", bad, "otp", "123456")), 400,
                    "Bad Request", "Invalid email address");
        }
    }

    @Test
    void oversizedBodiesGetTheContractsAnswer() {
        UserApi api = new UserApi(env, realm);
        String big = "{\"email\": \"" + "a".repeat(100_000) + "@example.test\"}";
        assertError(api.postRaw("/password/reset/send", null, big), 413, "Payload Too Large", "Request body too large");
    }

    @Test
    void keycloaksOwnEndpointsKeepTheirOwnErrors() {
        // The pack's error mapping must not reach Keycloak's endpoints: their errors keep Keycloak's shapes.
        Http.Answer token = Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
                        "username", TestEnvironment.PLAIN_USER, "password", "wrong"))).build());
        assertTrue(token.status() == 400 || token.status() == 401, token.status() + " " + token.body());
        assertEquals("invalid_grant", token.json().get("error").asText(), token.body());
        assertFalse(token.json().has("statusCode"), token.body());

        Http.Answer admin = env.admin().send("GET", "/admin/realms/no-such-realm-" + System.nanoTime(), null);
        assertEquals(404, admin.status(), admin.body());
        assertEquals("Realm not found.", admin.json().get("error").asText(), admin.body());

        Http.Answer account = Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/account/credentials")
                .header("Accept", "application/json").header("Authorization", "Bearer not-a-token").GET().build());
        assertEquals(401, account.status(), account.body());
        assertFalse(account.body().contains("statusCode"), account.body());
    }

    @Test
    void corsFollowsTheClientsWebOrigins() {
        Http.Answer allowed = Http.send(Http.request(env.api(realm, "/2fa"))
                .header("Authorization", "Bearer " + token).header("Origin", WEB_ORIGIN).GET().build());
        assertEquals(200, allowed.status());
        assertEquals(WEB_ORIGIN, allowed.header("Access-Control-Allow-Origin"));
        assertEquals("true", allowed.header("Access-Control-Allow-Credentials"));

        // As Keycloak's Account REST API does: an Origin outside the Web Origins is refused.
        Http.Answer foreign = Http.send(Http.request(env.api(realm, "/2fa"))
                .header("Authorization", "Bearer " + token).header("Origin", "https://evil.example").GET().build());
        assertError(foreign, 403, "Forbidden", "INVALID_ORIGIN");
        assertNull(foreign.header("Access-Control-Allow-Origin"));
    }

    @Test
    void corsPreflightIsAnswered() {
        Http.Answer preflight = Http.send(Http.request(env.api(realm, "/2fa/totp/setup"))
                .header("Origin", WEB_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, preflight.status(), preflight.body());
        assertEquals(WEB_ORIGIN, preflight.header("Access-Control-Allow-Origin"));
        String methods = preflight.header("Access-Control-Allow-Methods");
        assertTrue(methods.contains("POST") && methods.contains("DELETE"), methods);
        assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));
    }

    @Test
    void errorsNeverCarryAStackTrace() {
        Http.Answer answer = get("/2fa", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertFalse(answer.body().contains("Exception"), answer.body());
        assertFalse(answer.body().contains("\tat "), answer.body());
    }

    private Http.Answer get(String path, String bearer) {
        return new UserApi(env, realm).get(path, bearer);
    }

}
