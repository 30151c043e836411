package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.testing.AccountConsole;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.demo.Http;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import dev.kcpack.demo.PackStack.TestUser;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 3: with one stolen access token of the app (password grant of
 * {@code demo-app}), Keycloak's own endpoints must not remove a second factor, change
 * the email or change the password; those need the pack's sudo token or mailed code.
 * The users are made through the admin API, so they hold the realm's default roles
 * ({@code manage-account} among them) as every registered user does.
 */
class OtherDoorsIT extends RealmTestBase {

    private static String attackerAddress() {
        return "attacker-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private AccountConsole account() {
        return new AccountConsole(env, realm);
    }

    private JsonNode credentials(TestUser user) {
        return env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/credentials", null).json();
    }

    /** The id of the user's stored credential of that type, from the admin API; null when there is none. */
    private String credentialId(TestUser user, String type) {
        for (JsonNode credential : credentials(user)) {
            if (credential.get("type").asText().equals(type)) {
                return credential.get("id").asText();
            }
        }
        return null;
    }

    private JsonNode adminUser(TestUser user) {
        return env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id(), null).json();
    }

    /** A user with TOTP (and so recovery codes) on, through the pack's API; returns its app. */
    private AuthenticatorApp enrolTotp(TestUser user) {
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        return app;
    }

    /** The app's token after a full login: password and TOTP in the password grant. */
    private String appTokenWithTotp(TestUser user, AuthenticatorApp app) {
        return env.accessTokenWithTotp(user, app.code());
    }

    private void assertAccountRestCannotRemove(TestUser user, String type, String appToken) {
        String id = credentialId(user, type);
        assertTrue(id != null, "the user has a " + type + " credential: " + credentials(user));
        Http.Answer answer = account().rest("DELETE", "/credentials/" + id, appToken, null);
        assertEquals(401, answer.status(), "Account REST DELETE of " + type + " with the app's token: " + answer.body());
        assertEquals(id, credentialId(user, type), type + " is still there: " + credentials(user));
    }

    @Test
    void theAppTokenCannotRemoveTotpThroughTheAccountApi() {
        TestUser user = env.newUser(realm);
        AuthenticatorApp app = enrolTotp(user);
        assertAccountRestCannotRemove(user, "otp", appTokenWithTotp(user, app));
    }

    @Test
    void theAppTokenCannotRemoveEmailOtpThroughTheAccountApi() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        int seen = inbox.count(user.email());
        ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())));
        MimeMessage setup = inbox.awaitNew(user.email(), seen);
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))));
        assertAccountRestCannotRemove(user, "kcpack-email-otp", access);
    }

    @Test
    void theAppTokenCannotRemoveRecoveryCodesThroughTheAccountApi() {
        TestUser user = env.newUser(realm);
        AuthenticatorApp app = enrolTotp(user);
        assertAccountRestCannotRemove(user, "kcpack-recovery-codes", appTokenWithTotp(user, app));
    }

    @Test
    void theAppTokenCannotChangeTheEmail() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        Map<String, Object> changed = Map.of("username", user.username(), "email", attackerAddress(),
                "firstName", "Test", "lastName", "User");

        Http.Answer answer = account().rest("POST", "/", access, changed);
        assertEquals(401, answer.status(), "Account REST POST / with the app's token: " + answer.body());
        Http.Answer adminWithAppToken = Http.send(Http.request(env.baseUrl() + "/admin/realms/" + realm + "/users/" + user.id())
                .header("Authorization", "Bearer " + access).header("Content-Type", "application/json")
                .PUT(Http.json(Map.of("email", attackerAddress()))).build());
        assertEquals(403, adminWithAppToken.status(), "admin API with the app's token: " + adminWithAppToken.body());
        assertEquals(user.email(), adminUser(user).get("email").asText(), "the email is unchanged");
    }

    @Test
    void theAccountConsoleCannotChangeTheEmailEither() {
        TestUser user = env.newUser(realm);
        AccountConsole account = account();
        try (BrowserLogin browser = new BrowserLogin().go(account.authorizationUrl())) {
            browser.password(user.username(), user.password());
            String consoleToken = account.accessToken(browser);
            Map<String, Object> changed = Map.of("username", user.username(), "email", attackerAddress(),
                    "firstName", "Test", "lastName", "User");
            Http.Answer answer = account.rest("POST", "/", consoleToken, changed);
            assertEquals(400, answer.status(), "Account REST POST / with the console's token: " + answer.body());
            assertEquals(user.email(), adminUser(user).get("email").asText(), "the email is unchanged");
            // the name stays the user's to edit
            Map<String, Object> renamed = new HashMap<>(changed);
            renamed.put("email", user.email());
            renamed.put("firstName", "Renamed");
            assertEquals(204, account.rest("POST", "/", consoleToken, renamed).status());
            assertEquals("Renamed", adminUser(user).get("firstName").asText());
        }
    }

    @Test
    void theAppTokenCannotChangeThePasswordThroughAnyKeycloakEndpoint() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        String passwordId = credentialId(user, "password");
        String newPassword = "Changed-" + user.password();

        assertEquals(401, account().rest("DELETE", "/credentials/" + passwordId, access, null).status(),
                "Account REST DELETE of the password");
        assertEquals(401, account().rest("POST", "/credentials/password", access, Map.of("currentPassword", user.password(),
                "newPassword", newPassword, "confirmation", newPassword)).status(), "Account REST POST credentials/password");
        assertEquals(401, account().rest("PUT", "/credentials/" + passwordId + "/label", access, "\"renamed\"").status(),
                "Account REST PUT of the password's label");
        Http.Answer reset = Http.send(Http.request(env.baseUrl() + "/admin/realms/" + realm + "/users/" + user.id()
                + "/reset-password").header("Authorization", "Bearer " + access).header("Content-Type", "application/json")
                .PUT(Http.json(Map.of("type", "password", "value", newPassword, "temporary", false))).build());
        assertEquals(403, reset.status(), "admin API reset-password with the app's token: " + reset.body());

        assertEquals(passwordId, credentialId(user, "password"), "the same password credential");
        assertFalse(env.accessToken(user).isEmpty(), "the old password still signs in");
    }

    private static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theAccountConsoleWorksForADemoUserWhoseAppTokenHasNoAccountPowers() {
        AccountConsole account = account();
        try (BrowserLogin browser = new BrowserLogin().go(account.authorizationUrl())) {
            browser.password(TestEnvironment.PLAIN_USER, TestEnvironment.PLAIN_USER_PASSWORD);
            assertEquals(200, browser.status(), browser.describe());
            String consoleToken = account.accessToken(browser);
            Http.Answer profile = account.rest("GET", "/", consoleToken, null);
            assertEquals(200, profile.status(), profile.body());
            assertEquals(TestEnvironment.PLAIN_USER_EMAIL, profile.json().get("email").asText());
            Http.Answer credentials = account.rest("GET", "/credentials", consoleToken, null);
            assertEquals(200, credentials.status(), credentials.body());
        }

        String appToken = env.accessToken(realm, TestEnvironment.PLAIN_USER, TestEnvironment.PLAIN_USER_PASSWORD);
        JsonNode claims = claims(appToken);
        assertFalse(claims.path("aud").toString().contains("\"account\""), "no account audience: " + claims);
        assertTrue(claims.path("resource_access").path("account").isMissingNode(), "no account roles: " + claims);
        assertEquals(401, account.rest("GET", "/credentials", appToken, null).status());
    }
}
