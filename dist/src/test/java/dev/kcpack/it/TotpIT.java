package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** TOTP over REST (operations #2, #3, #7, #13, #16, #22) and sudo tokens, against the real server. */
class TotpIT extends RealmTestBase {

    private static final Pattern RECOVERY_CODE = Pattern.compile("[0-9a-z]{16}");

    /** A user with TOTP on: its app, a current access token, and the recovery codes it got. */
    record Enrolled(TestUser user, AuthenticatorApp app, String accessToken, String enableCode, JsonNode recoveryCodes) {
    }

    private Enrolled enrol() {
        return enrol(realm, api);
    }

    private Enrolled enrol(String in, UserApi inApi) {
        TestUser user = env.newUser(in);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(inApi.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        String enableCode = app.code();
        JsonNode codes = ok(inApi.post("/2fa/totp/enable", access, Map.of("totp", enableCode))).get("recoveryCodes");
        return new Enrolled(user, app, access, enableCode, codes);
    }

    private String sudo(Enrolled enrolled) {
        return ok(api.post("/2fa/totp/authenticate", enrolled.accessToken(),
                Map.of("totp", enrolled.app().code()))).get("sudoToken").asText();
    }

    @Test
    void setupEnableAuthenticateAndDelete() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);

        String url = ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText();
        assertTrue(url.startsWith("otpauth://totp/kcpack%20demo:" + user.username() + "?"), url);
        assertTrue(url.contains("issuer=kcpack%20demo") && url.contains("digits=6") && url.contains("period=30")
                && url.contains("algorithm=SHA1") && url.contains("secret="), url);
        assertEquals(Http.JSON.createObjectNode().put("enabled", false), ok(api.get("/2fa", access)),
                "a pending setup is not active");

        AuthenticatorApp app = AuthenticatorApp.scan(url);
        JsonNode codes = ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code()))).get("recoveryCodes");
        assertEquals(10, codes.size());
        Set<String> distinct = new HashSet<>();
        codes.forEach(code -> {
            assertTrue(RECOVERY_CODE.matcher(code.asText()).matches(), code.asText());
            distinct.add(code.asText());
        });
        assertEquals(10, distinct.size());

        JsonNode status = ok(api.get("/2fa", access));
        assertTrue(status.get("enabled").asBoolean(), status.toString());
        assertTrue(status.at("/totp/completedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z"),
                status.toString());
        assertFalse(status.at("/recoveryCodes/completedAt").isMissingNode(), status.toString());
        assertFalse(status.has("emailOtp"), status.toString());

        JsonNode authenticated = ok(api.post("/2fa/totp/authenticate", access, Map.of("totp", app.code())));
        assertEquals(Set.of("sudoToken"), fieldNames(authenticated), "with an access token only a sudo token");
        String sudo = authenticated.get("sudoToken").asText();

        assertError(api.delete("/2fa/email-otp", sudo), 409, "Conflict", "EMAIL_OTP_ALREADY_INACTIVE");
        assertEquals("null", ok(api.delete("/2fa/totp", sudo)).toString());
        assertEquals(Http.JSON.createObjectNode().put("enabled", false), ok(api.get("/2fa", access)),
                "no factor left: TOTP and recovery codes are gone");
        // The sudo token proved the TOTP, which is gone now: it is void.
        assertError(api.delete("/2fa/totp", sudo), 401, "Unauthorized", "INVALID_TOKEN");

        JsonNode events = env.admin().send("GET", "/admin/realms/" + realm + "/events?user=" + user.id(), null).json();
        Set<String> recorded = new HashSet<>();
        events.forEach(event -> recorded.add(event.get("type").asText() + " "
                + event.path("details").path("kcpack_operation").asText()));
        assertTrue(recorded.containsAll(Set.of("UPDATE_TOTP totp/enable", "LOGIN totp/authenticate",
                "REMOVE_TOTP totp/remove")), "audit trail: " + recorded);
    }

    @Test
    void enablingNeedsAPendingSetupAndTheRightCode() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertError(api.post("/2fa/totp/enable", access, Map.of("totp", "123456")), 409, "Conflict",
                "TOTP_UNINITIALIZED");

        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        assertError(api.post("/2fa/totp/enable", access, Map.of("totp", app.wrongCode())), 401, "Unauthorized",
                "TOTP_INVALID");
        JsonNode failures = env.admin().send("GET",
                "/admin/realms/" + realm + "/events?type=UPDATE_TOTP_ERROR&user=" + user.id(), null).json();
        assertEquals("invalid_user_credentials", failures.get(0).get("error").asText(), failures.toString());
        AuthenticatorApp older = app;
        app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        String stale = older.code();
        if (!app.accepts(stale)) {
            assertError(api.post("/2fa/totp/enable", access, Map.of("totp", stale)), 401, "Unauthorized",
                    "TOTP_INVALID");
        }
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        assertError(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())), 409, "Conflict",
                "TOTP_UNINITIALIZED");
    }

    @Test
    void withoutTotpTheTotpOperationsSayUninitialized() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertError(api.post("/2fa/totp/authenticate", access, Map.of("totp", "123456")), 409, "Conflict",
                "TOTP_UNINITIALIZED");
        assertError(api.get("/2fa/totp/next-guess", access), 409, "Conflict", "TOTP_UNINITIALIZED");
    }

    @Test
    void aCodeIsAcceptedOnce() {
        Enrolled enrolled = enrol();
        assertError(api.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", enrolled.enableCode())),
                401, "Unauthorized", "TOTP_INVALID");
        String code = enrolled.app().code();
        ok(api.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", code)));
        assertError(api.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", code)),
                401, "Unauthorized", "TOTP_INVALID");
    }

    @Test
    void aCodeUsedOverTheApiIsRefusedByKeycloaksOwnOtpCheck() {
        // A realm of its own without Keycloak's brute-force detector, which could refuse a login
        // right after the user's last one in the same words as a wrong code.
        String own = env.newRealm();
        env.admin().setBruteForceProtected(own, false);
        env.admin().addClientOfBuiltInFlow(own, "keycloak-direct-grant", "direct grant", "direct_grant",
                "http://127.0.0.1/callback");
        UserApi ownApi = new UserApi(env, own);

        // Keycloak's own direct grant (its conditional OTP step) takes a code of an authenticator the API enrolled...
        Enrolled other = enrol(own, ownApi);
        Http.Answer accepted = keycloakGrant(own, other.user(), other.app().code());
        assertEquals(200, accepted.status(), accepted.body());

        // ... and refuses one the API has taken: the code is used, whichever door it came by.
        Enrolled enrolled = enrol(own, ownApi);
        String code = enrolled.app().code();
        ok(ownApi.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", code)));
        Http.Answer refused = keycloakGrant(own, enrolled.user(), code);
        assertTrue(refused.status() == 400 || refused.status() == 401, refused.status() + " " + refused.body());
        assertEquals("invalid_grant", refused.json().path("error").asText(), refused.body());
    }

    private Http.Answer keycloakGrant(String in, TestUser user, String code) {
        return env.tokenEndpoint(in, Map.of("grant_type", "password", "client_id", "keycloak-direct-grant",
                "scope", "openid", "username", user.username(), "password", user.password(), "totp", code));
    }

    @Test
    void sudoRulesOfTheContract() {
        Enrolled enrolled = enrol();
        String access = enrolled.accessToken();
        assertError(api.post("/2fa/totp/setup", access, Map.of()), 401, "Unauthorized", "SUDO_TOKEN_REQUIRED");
        assertError(api.delete("/2fa/totp", access), 401, "Unauthorized", "SUDO_TOKEN_REQUIRED");

        String sudo = sudo(enrolled);
        assertError(api.get("/2fa", sudo), 401, "Unauthorized", "INVALID_TOKEN");
        assertError(api.post("/2fa/totp/authenticate", sudo, Map.of("totp", enrolled.app().code())),
                401, "Unauthorized", "INVALID_TOKEN");
        String url = ok(api.post("/2fa/totp/setup", sudo, Map.of())).get("url").asText();
        assertTrue(url.startsWith("otpauth://"));

        String[] parts = sudo.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertError(api.delete("/2fa/totp", forged), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void resetKeepsTheOldAppWorkingUntilTheNewOneIsEnabled() {
        Enrolled enrolled = enrol();
        String sudo = sudo(enrolled);
        AuthenticatorApp newApp = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", sudo, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", enrolled.app().code())));

        JsonNode codes = ok(api.post("/2fa/totp/enable", enrolled.accessToken(), Map.of("totp", newApp.code())))
                .get("recoveryCodes");
        assertEquals(0, codes.size(), "2FA was already on: the recovery codes stay as they were");
        String oldCode = enrolled.app().code();
        if (!newApp.accepts(oldCode)) {
            assertError(api.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", oldCode)),
                    401, "Unauthorized", "TOTP_INVALID");
        }
        ok(api.post("/2fa/totp/authenticate", enrolled.accessToken(), Map.of("totp", newApp.code())));
    }

    @Test
    void failedGuessesLockTheUserOutWithGrowingWaits() throws InterruptedException {
        packLimiterAlone(() -> {
            Enrolled enrolled = enrol();
            String access = enrolled.accessToken();
            for (int i = 0; i < 5; i++) {
                assertEquals(0, ok(api.get("/2fa/totp/next-guess", access)).get("duration").asLong());
                assertError(api.post("/2fa/totp/authenticate", access, Map.of("totp", enrolled.app().wrongCode())),
                        401, "Unauthorized", "TOTP_INVALID");
            }
            long wait = ok(api.get("/2fa/totp/next-guess", access)).get("duration").asLong();
            assertTrue(wait > 55 && wait <= 60, "first lock is 60 s, was " + wait);

            long retryAfter = assertTooManyRequests(
                    api.post("/2fa/totp/authenticate", access, Map.of("totp", enrolled.app().code())),
                    "TOO_MANY_TOTP_CHECKS");
            assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);

            Thread.sleep(2_100);
            long later = ok(api.get("/2fa/totp/next-guess", access)).get("duration").asLong();
            assertTrue(later < wait && later >= wait - 4, "counts down: " + wait + " then " + later);
        });
    }

    @Test
    void aSudoTokenDiesWithItsSessionAndWhenItExpires() throws InterruptedException {
        Enrolled enrolled = enrol();
        String sudo = sudo(enrolled);
        ok(api.post("/2fa/totp/setup", sudo, Map.of()));
        Http.Answer logout = env.admin().send("POST",
                "/admin/realms/" + realm + "/users/" + enrolled.user().id() + "/logout", null);
        assertEquals(204, logout.status(), logout.body());
        assertError(api.post("/2fa/totp/setup", sudo, Map.of()), 401, "Unauthorized", "INVALID_TOKEN");

        String shortRealm = env.newRealm();
        env.admin().setPackSettings(shortRealm, Map.of("sudoTokenLifespan", "2"));
        UserApi shortApi = new UserApi(env, shortRealm);
        TestUser user = env.newUser(shortRealm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(
                ok(shortApi.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(shortApi.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        String shortSudo = ok(shortApi.post("/2fa/totp/authenticate", access, Map.of("totp", app.code())))
                .get("sudoToken").asText();
        ok(shortApi.post("/2fa/totp/setup", shortSudo, Map.of()));
        Thread.sleep(3_100);
        assertError(shortApi.post("/2fa/totp/setup", shortSudo, Map.of()), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void keycloaksOwnOtpCheckAcceptsATotpEnrolledOverRest() {
        // Keycloak's built-in direct grant flow checks OTP with Keycloak's own authenticator.
        String builtInRealm = env.newRealm();
        env.admin().send("PUT", "/admin/realms/" + builtInRealm, Map.of("directGrantFlow", "direct grant"));
        UserApi builtInApi = new UserApi(env, builtInRealm);
        TestUser user = env.newUser(builtInRealm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(
                ok(builtInApi.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(builtInApi.post("/2fa/totp/enable", access, Map.of("totp", app.code())));

        Http.Answer withoutCode = tokenRequest(user, null);
        assertEquals("invalid_grant", withoutCode.json().get("error").asText(), withoutCode.body());
        Http.Answer withCode = tokenRequest(user, app.code());
        assertEquals(200, withCode.status(), withCode.body());
    }

    private Http.Answer tokenRequest(TestUser user, String totp) {
        Map<String, String> form = new java.util.HashMap<>(Map.of("grant_type", "password",
                "client_id", TestEnvironment.CLIENT_ID, "username", user.username(), "password", user.password()));
        if (totp != null) {
            form.put("totp", totp);
        }
        return Http.send(Http.request(env.baseUrl() + "/realms/" + user.realm() + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(Http.form(form)).build());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
