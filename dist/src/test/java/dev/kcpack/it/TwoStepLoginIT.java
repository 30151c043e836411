package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** The API login in two steps (contract section 2): password grant, partial auth token, second factor. */
class TwoStepLoginIT extends RealmTestBase {

    /** A user with TOTP, its app and the recovery codes it got. */
    record WithTotp(TestUser user, AuthenticatorApp app, JsonNode recoveryCodes) {
    }

    private WithTotp userWithTotp(String inRealm) {
        UserApi realmApi = new UserApi(env, inRealm);
        TestUser user = env.newUser(inRealm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(
                ok(realmApi.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        JsonNode codes = ok(realmApi.post("/2fa/totp/enable", access, Map.of("totp", app.code()))).get("recoveryCodes");
        return new WithTotp(user, app, codes);
    }

    private Http.Answer passwordGrant(TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
                "username", user.username(), "password", user.password(), "scope", "openid profile"));
        form.putAll(extra);
        return Http.send(Http.request(env.baseUrl() + "/realms/" + user.realm() + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(Http.form(form)).build());
    }

    private String partialToken(TestUser user) {
        Http.Answer answer = passwordGrant(user, Map.of());
        assertEquals(401, answer.status(), answer.body());
        return answer.json().get("partialAuthToken").asText();
    }

    private static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aUserWithTotpLogsInInTwoSteps() {
        WithTotp withTotp = userWithTotp(realm);
        TestUser user = withTotp.user();

        Http.Answer first = passwordGrant(user, Map.of());
        assertEquals(401, first.status(), first.body());
        JsonNode required = first.json();
        assertEquals(401, required.get("statusCode").asInt());
        assertEquals("Unauthorized", required.get("error").asText());
        assertEquals("2FA_REQUIRED", required.get("message").asText());
        assertEquals("2FA_REQUIRED", required.get("error_description").asText(), "the code OAuth libraries expose");
        assertEquals(List.of("totp", "recoveryCode"),
                Http.JSON.convertValue(required.get("methods"), List.class));
        String partial = required.get("partialAuthToken").asText();

        assertEquals(0, ok(api.get("/2fa/totp/next-guess", partial)).get("duration").asLong());
        assertError(api.get("/2fa", partial), 401, "Unauthorized", "INVALID_TOKEN");
        assertError(api.post("/2fa/totp/setup", partial, Map.of()), 401, "Unauthorized", "INVALID_TOKEN");
        assertError(api.delete("/2fa/totp", partial), 401, "Unauthorized", "INVALID_TOKEN");
        assertError(api.post("/2fa/totp/authenticate", partial, Map.of("totp", withTotp.app().wrongCode())),
                401, "Unauthorized", "TOTP_INVALID");

        JsonNode tokens = ok(api.post("/2fa/totp/authenticate", partial, Map.of("totp", withTotp.app().code())));
        String access = tokens.get("accessToken").asText();
        JsonNode claims = claims(access);
        assertEquals(TestEnvironment.CLIENT_ID, claims.get("azp").asText());
        assertTrue(claims.get("scope").asText().contains("openid"), claims.toString());
        assertTrue(claims.get("scope").asText().contains("profile"), claims.toString());
        // What an OIDC token response says besides the tokens.
        assertEquals("Bearer", tokens.get("tokenType").asText(), tokens.toString());
        // As Keycloak's own token response: the seconds from the answer to exp, so one less when a second turned in between.
        long lifespan = claims.get("exp").asLong() - claims.get("iat").asLong();
        long expiresIn = tokens.get("expiresIn").asLong();
        assertTrue(expiresIn == lifespan || expiresIn == lifespan - 1, lifespan + " or one less: " + tokens);
        assertTrue(tokens.get("refreshExpiresIn").asLong() > 0, tokens.toString());
        assertTrue(tokens.get("scope").asText().contains("openid"), tokens.toString());
        JsonNode idClaims = claims(tokens.get("idToken").asText());
        assertEquals(TestEnvironment.CLIENT_ID, idClaims.get("aud").asText());
        assertEquals(user.id(), idClaims.get("sub").asText());
        assertEquals(claims.get("sid").asText(), idClaims.get("sid").asText());
        // A second factor was passed: the 2FA level, and password plus otp, in both tokens.
        for (JsonNode said : List.of(claims, idClaims)) {
            assertEquals("2", said.path("acr").asText(), said.toString());
            assertEquals(List.of("otp", "pwd"), Jwt.amr(said == claims ? access : tokens.get("idToken").asText())
                    .stream().sorted().toList());
        }
        assertTrue(ok(api.get("/2fa", access)).get("enabled").asBoolean());
        ok(api.post("/2fa/totp/setup", tokens.get("sudoToken").asText(), Map.of()));

        Http.Answer refreshed = Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "refresh_token", "client_id", TestEnvironment.CLIENT_ID,
                        "refresh_token", tokens.get("refreshToken").asText()))).build());
        assertEquals(200, refreshed.status(), refreshed.body());

        JsonNode sessions = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/sessions", null).json();
        assertTrue(sessions.toString().contains(claims.get("sid").asText()), "session listed: " + sessions);
        JsonNode logins = env.admin().send("GET", "/admin/realms/" + realm + "/events?type=LOGIN&user=" + user.id(), null).json();
        assertTrue(logins.toString().contains("kcpack-2fa"), "LOGIN event: " + logins);

        assertError(api.post("/2fa/totp/authenticate", partial, Map.of("totp", withTotp.app().code())),
                401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void aRecoveryCodeFinishesTheLoginToo() {
        WithTotp withTotp = userWithTotp(realm);
        String partial = partialToken(withTotp.user());
        assertEquals(0, ok(api.get("/2fa/recovery-code/next-guess", partial)).get("duration").asLong());
        JsonNode tokens = ok(api.post("/2fa/recovery-code/authenticate", partial,
                Map.of("recoveryCode", withTotp.recoveryCodes().get(3).asText())));
        assertFalse(tokens.get("accessToken").asText().isEmpty());
        assertFalse(tokens.get("refreshToken").asText().isEmpty());
        assertFalse(tokens.get("sudoToken").asText().isEmpty());
        assertEquals(List.of("pwd", "recovery"), Jwt.amr(tokens.get("accessToken").asText()).stream().sorted().toList());
    }

    @Test
    void theCodeMayComeWithThePassword() {
        WithTotp withTotp = userWithTotp(realm);
        Http.Answer withTotpCode = passwordGrant(withTotp.user(), Map.of("totp", withTotp.app().code()));
        assertEquals(200, withTotpCode.status(), withTotpCode.body());
        assertFalse(withTotpCode.json().get("access_token").asText().isEmpty());
        String inOneRequest = withTotpCode.json().get("access_token").asText();
        assertEquals("2", Jwt.claims(inOneRequest).path("acr").asText());
        assertEquals(List.of("otp", "pwd"), Jwt.amr(inOneRequest).stream().sorted().toList());

        Http.Answer withRecoveryCode = passwordGrant(withTotp.user(),
                Map.of("recovery_code", withTotp.recoveryCodes().get(0).asText()));
        assertEquals(200, withRecoveryCode.status(), withRecoveryCode.body());

        Http.Answer wrong = passwordGrant(withTotp.user(), Map.of("totp", withTotp.app().wrongCode()));
        assertEquals(401, wrong.status(), wrong.body());
        assertEquals("invalid_grant", wrong.json().get("error").asText());
    }

    @Test
    void aUserWithout2faGetsTokensAtOnce() {
        TestUser user = env.newUser(realm);
        Http.Answer answer = passwordGrant(user, Map.of());
        assertEquals(200, answer.status(), answer.body());
        String access = answer.json().get("access_token").asText();
        assertEquals("1", Jwt.claims(access).path("acr").asText(), "a password alone is Keycloak's level 1");
        assertEquals(List.of("pwd"), Jwt.amr(access));
    }

    @Test
    void anExpiredPartialTokenIsRefused() throws InterruptedException {
        String shortRealm = env.newRealm();
        env.admin().setPackSettings(shortRealm, Map.of("partialTokenLifespan", "2"));
        WithTotp withTotp = userWithTotp(shortRealm);
        String partial = partialToken(withTotp.user());
        Thread.sleep(3_100);
        assertError(new UserApi(env, shortRealm).post("/2fa/totp/authenticate", partial,
                Map.of("totp", withTotp.app().code())), 401, "Unauthorized", "INVALID_TOKEN");
    }
}
