package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** The pack's TOTP step in the realm's browser flow, and interop with Keycloak's own TOTP enrolment. */
class TotpLoginIT extends RealmTestBase {

    private AuthenticatorApp enrolOverRest(TestUser user, String access) {
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        return app;
    }

    @Test
    void aUserWithoutSecondFactorLogsInWithThePasswordAlone() {
        TestUser user = env.newUser(realm);
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertTrue(browser.loggedIn(), browser.describe());
            // A password alone: Keycloak's level 1, and the password's reference only.
            JsonNode tokens = browser.tokens(env.baseUrl(), realm);
            assertEquals("1", Jwt.claims(tokens.get("id_token").asText()).path("acr").asText(), tokens.toString());
            assertEquals(List.of("pwd"), Jwt.amr(tokens.get("access_token").asText()));
        }
    }

    @Test
    void theTotpStepAcceptsTheRightCodeAndCountsAWrongOne() {
        TestUser user = env.newUser(realm);
        AuthenticatorApp app = enrolOverRest(user, env.accessToken(user));
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertTrue(browser.hasElement("kc-otp-login-form"), "the OTP page comes after the password: " + browser.describe());

            browser.submit("kc-otp-login-form", "otp", app.wrongCode());
            assertFalse(browser.loggedIn());
            assertTrue(browser.text().contains("Invalid authenticator code"), browser.text());
            JsonNode bruteForce = env.admin().send("GET",
                    "/admin/realms/" + realm + "/attack-detection/brute-force/users/" + user.id(), null).json();
            assertEquals(1, bruteForce.get("numFailures").asInt(), "counted by Keycloak: " + bruteForce);

            browser.submit("kc-otp-login-form", "otp", app.code());
            assertTrue(browser.loggedIn(), browser.describe() + " " + browser.location());
            // The tokens say a second factor was passed: the 2FA level, password and otp.
            JsonNode tokens = browser.tokens(env.baseUrl(), realm);
            for (String token : List.of(tokens.get("id_token").asText(), tokens.get("access_token").asText())) {
                assertEquals("2", Jwt.claims(token).path("acr").asText(), Jwt.claims(token).toString());
                assertEquals(List.of("otp", "pwd"), Jwt.amr(token).stream().sorted().toList());
            }
        }
    }

    @Test
    void theLoginStepAndTheApiShareOneLimiter() {
        packLimiterAlone(() -> {
            TestUser user = env.newUser(realm);
            String access = env.accessToken(user);
            AuthenticatorApp app = enrolOverRest(user, access);
            for (int i = 0; i < 5; i++) {
                api.post("/2fa/totp/authenticate", access, Map.of("totp", app.wrongCode()));
            }
            try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
                browser.password(user.username(), user.password());
                browser.submit("kc-otp-login-form", "otp", app.code());
                assertFalse(browser.loggedIn(), "locked by the failures made over the API");
                assertTrue(browser.text().contains("Too many wrong codes"), browser.text());
            }
        });
    }

    @Test
    void aTotpEnrolledThroughKeycloaksRequiredActionWorksOverRest() {
        TestUser user = env.newUser(realm);
        env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("requiredActions", List.of("CONFIGURE_TOTP")));
        AuthenticatorApp app;
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertTrue(browser.hasElement("kc-totp-settings-form"), "Keycloak's own TOTP enrolment page: " + browser.describe());
            String rawSecret = browser.inputValue("kc-totp-settings-form", "totpSecret");
            app = AuthenticatorApp.fromKeycloakPageSecret(rawSecret);
            browser.submit("kc-totp-settings-form", "totp", app.code());
            assertTrue(browser.loggedIn(), browser.describe());
        }
        String access = env.accessTokenWithTotp(user, app.code());
        JsonNode status = ok(api.get("/2fa", access));
        assertTrue(status.get("enabled").asBoolean(), status.toString());
        assertFalse(status.at("/totp/completedAt").isMissingNode(), status.toString());
        ok(api.post("/2fa/totp/authenticate", access, Map.of("totp", app.code())));
    }
}
