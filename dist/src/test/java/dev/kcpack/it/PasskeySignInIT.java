package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.SoftwarePasskey;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/**
 * #20 item 4: an app signs a user in with a passkey alone (the demo realm's setting
 * {@code passkeySignIn} is on): options that name no account, a finish that answers the
 * two-step login's tokens in a real user session; and every refusal: the realm's switch, unknown
 * and unfit clients, a confidential client without its secret, another client's or ceremony's
 * challenge, a replay, a device that does not verify its user, a disabled, locked or not fully
 * set-up user, and a stranger naming a user (which must not lock that user out).
 */
class PasskeySignInIT extends RealmTestBase {

    private static final String CLIENT = PackStack.CLIENT_ID;

    private record Enrolled(TestUser user, String access, SoftwarePasskey device) {
    }

    private Enrolled enrol(SoftwarePasskey device) {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        JsonNode options = ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        ok(api.post("/2fa/passkey/register", access, Map.of("challengeId", options.get("challengeId").asText(),
                "credential", device.create(options.get("publicKey")))));
        return new Enrolled(user, access, device);
    }

    private Enrolled enrol() {
        return enrol(new SoftwarePasskey(env.baseUrl()));
    }

    private JsonNode options(String client) {
        return ok(api.post("/passkey/sign-in/options", null, Map.of("clientId", client)));
    }

    /** The finish body: a fresh challenge of {@code client}, answered by {@code device}. */
    private Map<String, Object> answer(String client, SoftwarePasskey device) {
        JsonNode options = options(client);
        return new HashMap<>(Map.of("clientId", client, "challengeId", options.get("challengeId").asText(),
                "credential", device.get(options.get("publicKey"))));
    }

    private Http.Answer signIn(Map<String, Object> body) {
        return api.post("/passkey/sign-in", null, body);
    }

    @Test
    void aPasskeyAloneSignsInWithTheTwoStepLoginsAnswer() {
        Enrolled enrolled = enrol();
        JsonNode options = options(CLIENT);
        JsonNode publicKey = options.get("publicKey");
        assertEquals(0, publicKey.get("allowCredentials").size(), "no account named: " + publicKey);
        assertEquals("required", publicKey.get("userVerification").asText());
        assertFalse(options.toString().contains(enrolled.user().username()), options.toString());

        Map<String, Object> body = new HashMap<>(Map.of("clientId", CLIENT, "challengeId", options.get("challengeId").asText(),
                "credential", enrolled.device().get(publicKey), "scope", "openid"));
        JsonNode tokens = ok(signIn(body));
        JsonNode claims = Jwt.claims(tokens.get("accessToken").asText());
        assertEquals(enrolled.user().id(), claims.get("sub").asText(), claims.toString());
        assertEquals(CLIENT, claims.get("azp").asText());
        assertEquals("2", claims.path("acr").asText(), "a verified passkey is two factors: " + claims);
        assertTrue(Jwt.amr(tokens.get("accessToken").asText()).contains("hwk"), claims.toString());
        assertFalse(Jwt.amr(tokens.get("accessToken").asText()).contains("pwd"), "no password: " + claims);
        assertEquals(enrolled.user().id(), Jwt.claims(tokens.get("idToken").asText()).get("sub").asText());
        ok(api.post("/2fa/recovery-code/reset", tokens.get("sudoToken").asText(), Map.of()));

        Http.Answer refreshed = Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "refresh_token", "client_id", CLIENT,
                        "refresh_token", tokens.get("refreshToken").asText()))).build());
        assertEquals(200, refreshed.status(), refreshed.body());
        JsonNode sessions = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + enrolled.user().id() + "/sessions", null).json();
        assertTrue(sessions.toString().contains(claims.get("sid").asText()), "a real user session: " + sessions);
        JsonNode logins = env.admin().send("GET", "/admin/realms/" + realm + "/events?type=LOGIN&user=" + enrolled.user().id(), null).json();
        assertTrue(logins.toString().contains("kcpack-passkey-sign-in"), "LOGIN event: " + logins);

        // The same answer again: its challenge is spent.
        assertError(signIn(body), 401, "Unauthorized", "PASSKEY_INVALID");
    }

    @Test
    void clientsAndTheRealmsSwitch() {
        assertError(api.post("/passkey/sign-in/options", null, Map.of("clientId", "nobody")), 401, "Unauthorized", "INVALID_CLIENT");
        assertError(api.post("/passkey/sign-in/options", null, Map.of()), 400, "Bad Request", "body must have required property 'clientId'");

        createClient(Map.of("clientId", "no-api-login", "publicClient", true, "directAccessGrantsEnabled", false));
        assertError(api.post("/passkey/sign-in/options", null, Map.of("clientId", "no-api-login")), 403, "Forbidden", "CLIENT_NOT_ALLOWED");

        createClient(Map.of("clientId", "backend", "publicClient", false, "secret", "backend-secret",
                "directAccessGrantsEnabled", true));
        assertError(api.post("/passkey/sign-in/options", null, Map.of("clientId", "backend")), 401, "Unauthorized", "INVALID_CLIENT");
        assertError(withBasic("backend", "wrong"), 401, "Unauthorized", "INVALID_CLIENT");
        // A genuine client, but one the admin has not let use the API.
        assertError(withBasic("backend", "backend-secret"), 403, "Forbidden", "API_CLIENT_NOT_ALLOWED");
        env.admin().allowApiClient(realm, "backend");
        assertEquals(200, withBasic("backend", "backend-secret").status());

        env.admin().setPackSettings(realm, Map.of("passkeySignIn", "false"));
        try {
            assertError(api.post("/passkey/sign-in/options", null, Map.of("clientId", CLIENT)), 403, "Forbidden",
                    "PASSKEY_SIGN_IN_DISABLED");
        } finally {
            env.admin().setPackSettings(realm, Map.of("passkeySignIn", "true"));
        }
    }

    @Test
    void challengesAreBoundToTheirClientAndCeremony() throws Exception {
        Enrolled enrolled = enrol();
        createClient(Map.of("clientId", "other-app", "publicClient", true, "directAccessGrantsEnabled", true));
        env.admin().allowApiClient(realm, "other-app");
        Map<String, Object> forOther = answer("other-app", enrolled.device());
        forOther.put("clientId", CLIENT);
        assertError(signIn(forOther), 401, "Unauthorized", "PASSKEY_INVALID");

        // A second-factor challenge is no sign-in challenge, and the other way round.
        JsonNode twoFactor = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        assertError(signIn(Map.of("clientId", CLIENT, "challengeId", twoFactor.get("challengeId").asText(),
                "credential", enrolled.device().get(twoFactor.get("publicKey")))), 401, "Unauthorized", "PASSKEY_INVALID");
        Map<String, Object> signInAnswer = answer(CLIENT, enrolled.device());
        signInAnswer.remove("clientId");
        assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), signInAnswer), 401, "Unauthorized", "PASSKEY_INVALID");

        // The challenge travels signed and the server keeps nothing of it: one whose claims were
        // changed (a longer life) is no challenge, and the genuine one still is, once.
        Map<String, Object> genuine = answer(CLIENT, enrolled.device());
        String[] parts = ((String) genuine.get("challengeId")).split("\\.");
        assertEquals(3, parts.length, "a signed token");
        ObjectNode claims = (ObjectNode) Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        claims.put("exp", claims.get("exp").asLong() + 3600);
        Map<String, Object> longer = new HashMap<>(genuine);
        longer.put("challengeId", parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2]);
        assertError(signIn(longer), 401, "Unauthorized", "PASSKEY_INVALID");
        assertEquals(200, signIn(genuine).status());
        assertError(signIn(genuine), 401, "Unauthorized", "PASSKEY_INVALID");

        // A device that cannot verify its user gives one factor only.
        Enrolled key = enrol(SoftwarePasskey.withoutUserVerification(env.baseUrl()));
        assertError(signIn(answer(CLIENT, key.device())), 401, "Unauthorized", "PASSKEY_INVALID");
    }

    @Test
    void disabledLockedAndNotFullySetUpUsersAreRefused() {
        Enrolled disabled = enrol();
        setUser(disabled.user(), "enabled", false);
        assertError(signIn(answer(CLIENT, disabled.device())), 403, "Forbidden", "ACCOUNT_DISABLED");

        Enrolled duty = enrol();
        setUser(duty.user(), "requiredActions", List.of("UPDATE_PASSWORD"));
        assertError(signIn(answer(CLIENT, duty.device())), 400, "Bad Request", "ACCOUNT_NOT_FULLY_SET_UP");

        packLimiterAlone(() -> {
            Enrolled victim = enrol();
            // A stranger names the user (its id is in every token it ever had) with a key of their own: no guess at
            // the user's key, so nothing counts against the user.
            SoftwarePasskey stranger = new SoftwarePasskey(env.baseUrl());
            Enrolled strangers = enrol(stranger);
            for (int i = 0; i < 6; i++) {
                Map<String, Object> named = withResponseField(answer(CLIENT, stranger), "userHandle", java.util.Base64
                        .getUrlEncoder().withoutPadding().encodeToString(victim.user().id().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertError(signIn(named), 401, "Unauthorized", "PASSKEY_INVALID");
            }
            ok(signIn(answer(CLIENT, victim.device())));
            assertFalse(strangers.user().id().equals(victim.user().id()));

            // Five forged signatures with the user's own passkey lock its door; the right one then waits.
            for (int i = 0; i < 5; i++) {
                Map<String, Object> forged = withResponseField(answer(CLIENT, victim.device()), "signature", "AAAA");
                assertError(signIn(forged), 401, "Unauthorized", "PASSKEY_INVALID");
            }
            Http.Answer locked = signIn(answer(CLIENT, victim.device()));
            assertEquals(429, locked.status(), locked.body());
            assertEquals("TOO_MANY_PASSKEY_CHECKS", locked.json().get("message").asText(), locked.body());
            assertTrue(Long.parseLong(locked.header("Retry-After")) > 0, locked.body());
        });
    }

    /** {@code body} with one field of its credential's response changed. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withResponseField(Map<String, Object> body, String field, String value) {
        Map<String, Object> credential = new HashMap<>((Map<String, Object>) body.get("credential"));
        Map<String, Object> response = new HashMap<>((Map<String, Object>) credential.get("response"));
        response.put(field, value);
        credential.put("response", response);
        Map<String, Object> changed = new HashMap<>(body);
        changed.put("credential", credential);
        return changed;
    }

    private void createClient(Map<String, Object> client) {
        Http.Answer created = env.admin().send("POST", "/admin/realms/" + realm + "/clients", client);
        assertEquals(201, created.status(), created.body());
    }

    /** Changes one field of a user, sending the whole representation (a partial one would blank the rest). */
    private void setUser(TestUser user, String field, Object value) {
        ObjectNode representation = (ObjectNode) env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id(), null).json();
        representation.set(field, Http.JSON.valueToTree(value));
        Http.Answer put = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(), representation);
        assertEquals(204, put.status(), put.body());
    }

    private Http.Answer withBasic(String clientId, String secret) {
        return Http.send(Http.request(env.api(realm, "/passkey/sign-in/options"))
                .header("Content-Type", "application/json")
                .header("Authorization", org.keycloak.util.BasicAuthHelper.RFC6749.createHeader(clientId, secret))
                .POST(Http.json(Map.of("clientId", clientId))).build());
    }
}
