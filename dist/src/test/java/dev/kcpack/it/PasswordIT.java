package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** Password reset and change over REST (operations #9, #15, #17, #18, #19) with real mail. */
class PasswordIT extends RealmTestBase {

    private static final String NEW_PASSWORD = "Brand-new-pass-1";

    private Http.Answer passwordGrant(TestUser user, String password) {
        return Http.send(Http.request(env.baseUrl() + "/realms/" + user.realm() + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
                        "username", user.username(), "password", password))).build());
    }

    private MimeMessage mailAfter(String address, Runnable action) {
        int seen = inbox.count(address);
        action.run();
        return inbox.awaitNew(address, seen);
    }

    @Test
    void resetWithAMailedCode() {
        TestUser user = env.newUser(realm);
        String otherSession = env.accessToken(user);
        MimeMessage mail = mailAfter(user.email(),
                () -> assertEquals("null", ok(api.post("/password/reset/send", null, Map.of("email", user.email()))).toString()));
        assertTrue(Inbox.subject(mail).contains("password reset code"), Inbox.subject(mail));
        String code = Inbox.code(mail);
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertError(api.post("/password/reset/validate", null, Map.of("email", user.email(), "otp", wrong)),
                401, "Unauthorized", "OTP_INVALID_EXPIRED");
        ok(api.post("/password/reset/validate", null, Map.of("email", user.email(), "otp", code)));
        ok(api.post("/password/reset/validate", null, Map.of("email", user.email(), "otp", code)));

        assertError(put("/password/otp", Map.of("userEmail", user.email(), "otp", code, "newPassword", "Short1")),
                400, "Bad Request", "Password must be at least 8 characters long");
        assertError(put("/password/otp", Map.of("userEmail", user.email(), "otp", code, "newPassword", "alllowercase1")),
                400, "Bad Request", "Password must contain at least one uppercase character");
        assertError(put("/password/otp", Map.of("userEmail", user.email(), "otp", code, "newPassword", "NoDigitsHere")),
                400, "Bad Request", "Password must contain at least one digit");
        assertEquals("null", ok(put("/password/otp",
                Map.of("userEmail", user.email(), "otp", code, "newPassword", NEW_PASSWORD))).toString());

        Http.Answer old = passwordGrant(user, user.password());
        assertEquals("invalid_grant", old.json().path("error").asText(), "the old password no longer works: " + old.body());
        assertEquals(200, passwordGrant(user, NEW_PASSWORD).status(), "the new one does");
        assertError(api.get("/2fa", otherSession), 401, "Unauthorized", "INVALID_TOKEN");
        assertError(api.post("/password/reset/validate", null, Map.of("email", user.email(), "otp", code)),
                401, "Unauthorized", "OTP_INVALID_EXPIRED");
        JsonNode events = env.admin().send("GET", "/admin/realms/" + realm + "/events?type=UPDATE_PASSWORD&user=" + user.id(), null).json();
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void resetMailsHonourOriginAndLanguage() {
        TestUser user = env.newUser(realm);
        MimeMessage mail = mailAfter(user.email(), () -> ok(api.post("/password/reset/send?origin=acme-web&language=fr",
                null, Map.of("email", user.email()))));
        assertEquals("Acme : votre code de réinitialisation du mot de passe", Inbox.subject(mail));
        assertEquals("Acme Accounts", Inbox.senderName(mail));
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() throws InterruptedException {
        String nobody = "nobody-" + System.nanoTime() + "@example.test";
        assertEquals("null", ok(api.post("/password/reset/send", null, Map.of("email", nobody))).toString());
        assertTooManyRequests(api.post("/password/reset/send", null, Map.of("email", nobody)), "TOO_MANY_RESET_MAIL_ATTEMPTS");
        assertTooManyRequests(api.post("/password/forgot", null, Map.of("email", nobody)), "TOO_MANY_RESET_MAIL_ATTEMPTS");
        assertError(api.post("/password/reset/validate", null, Map.of("email", nobody, "otp", "123456")),
                401, "Unauthorized", "OTP_INVALID_EXPIRED");
        Thread.sleep(1_000);
        assertEquals(0, inbox.count(nobody));

        TestUser user = env.newUser(realm);
        mailAfter(user.email(), () -> ok(api.post("/password/reset/send", null, Map.of("email", user.email()))));
        long retryAfter = assertTooManyRequests(api.post("/password/reset/send", null, Map.of("email", user.email())),
                "TOO_MANY_RESET_MAIL_ATTEMPTS");
        assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);
    }

    @Test
    void inputRulesOfTheResetOperations() {
        assertError(api.post("/password/reset/send", null, Map.of("email", "nope")), 400, "Bad Request", "Invalid email address");
        assertError(api.post("/password/reset/send", null, Map.of("email", "x@yopmail.com")), 403, "Forbidden",
                "FORBIDDEN_MAIL_PROVIDER");
        assertError(api.post("/password/reset/send?origin=unknown-brand", null, Map.of("email", "a@example.test")),
                500, "Internal server error", "UNABLE_TO_FIND_MAIL_TEMPLATE");
        assertError(api.post("/password/forgot", null, Map.of("email", "a".repeat(95) + "@ex.test")), 400, "Bad Request",
                "Invalid email address");
        assertError(put("/password/otp", Map.of("userEmail", "a@example.test", "otp", "123456")), 400, "Bad Request",
                "body must have required property 'newPassword'");
    }

    @Test
    void wrongResetCodesLockTheAddressWhateverTheCode() {
        TestUser user = env.newUser(realm);
        String code = Inbox.code(mailAfter(user.email(),
                () -> ok(api.post("/password/reset/send", null, Map.of("email", user.email())))));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertError(api.post("/password/reset/validate", null, Map.of("email", user.email(), "otp", wrong)),
                    401, "Unauthorized", "OTP_INVALID_EXPIRED");
        }
        // The code has used its five tries, and the address its free failures: even the right code waits.
        long retryAfter = assertTooManyRequests(api.post("/password/reset/validate", null,
                Map.of("email", user.email(), "otp", code)), "TOO_MANY_OTP_CHECKS");
        assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);
        assertTooManyRequests(api.send("PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", code, "newPassword", NEW_PASSWORD)), "TOO_MANY_OTP_CHECKS");
    }

    @Test
    void anAddressWithoutAccountIsLockedTheSameWay() {
        String nobody = "nobody-" + java.util.UUID.randomUUID() + "@example.test";
        for (int i = 0; i < 5; i++) {
            assertError(api.post("/password/reset/validate", null, Map.of("email", nobody, "otp", "123456")),
                    401, "Unauthorized", "OTP_INVALID_EXPIRED");
        }
        assertTooManyRequests(api.post("/password/reset/validate", null, Map.of("email", nobody, "otp", "123456")),
                "TOO_MANY_OTP_CHECKS");
    }

    @Test
    void changeWithTheOldPassword() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertError(put("/password/old-password", access, Map.of("oldPassword", "wrong-Password-1", "newPassword", NEW_PASSWORD)),
                401, "Unauthorized", "PASSWORD_INCORRECT");
        assertEquals("null", ok(put("/password/old-password", access,
                Map.of("oldPassword", user.password(), "newPassword", NEW_PASSWORD))).toString());
        assertEquals(200, passwordGrant(user, NEW_PASSWORD).status());
        assertError(put("/password/old-password", null, Map.of("oldPassword", "x", "newPassword", NEW_PASSWORD)),
                401, "Unauthorized", "NO_TOKEN_PROVIDED");
    }

    @Test
    void repeatedWrongOldPasswordsAreLimited() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        for (int i = 0; i < 5; i++) {
            put("/password/old-password", access, Map.of("oldPassword", "wrong-Password-" + i, "newPassword", NEW_PASSWORD));
        }
        assertTooManyRequests(put("/password/old-password", access,
                Map.of("oldPassword", user.password(), "newPassword", NEW_PASSWORD)), "TOO_MANY_FAILED_PASSWORD_CHECKS");
    }

    @Test
    void theRealmPasswordPolicyApplies() {
        String strict = env.newRealm();
        env.admin().send("PUT", "/admin/realms/" + strict, Map.of("passwordPolicy", "passwordHistory(3)"));
        UserApi strictApi = new UserApi(env, strict);
        TestUser user = env.newUser(strict);
        String access = env.accessToken(user);
        ok(strictApi.send("PUT", "/password/old-password", access,
                Map.of("oldPassword", user.password(), "newPassword", NEW_PASSWORD)));
        assertError(strictApi.send("PUT", "/password/old-password", access,
                        Map.of("oldPassword", NEW_PASSWORD, "newPassword", user.password())),
                400, "Bad Request", "Invalid password: must not be equal to any of last 3 passwords.");
    }

    @Test
    void aUserWithoutPasswordHasNoPasswordInfo() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        JsonNode credentials = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/credentials", null).json();
        env.admin().send("DELETE", "/admin/realms/" + realm + "/users/" + user.id() + "/credentials/"
                + credentials.get(0).get("id").asText(), null);
        assertError(put("/password/old-password", access, Map.of("oldPassword", user.password(), "newPassword", NEW_PASSWORD)),
                500, "Internal server error", "NO_PASSWORD_INFO");
    }

    @Test
    void forgotSendsKeycloaksOwnResetLink() {
        TestUser user = env.newUser(realm);
        MimeMessage mail = mailAfter(user.email(), () -> ok(api.post("/password/forgot", null, Map.of("email", user.email()))));
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("(http://\\S+/login-actions/action-token\\?key=[^\\s\"<]+)")
                .matcher(Inbox.text(mail));
        assertTrue(link.find(), Inbox.text(mail));
        try (BrowserLogin browser = new BrowserLogin().go(link.group(1).replace("&amp;", "&"))) {
            if (!browser.hasElement("kc-passwd-update-form")) {
                browser.followLinkTo("action-token");
            }
            assertTrue(browser.hasElement("kc-passwd-update-form"), browser.describe());
            browser.submit("kc-passwd-update-form", "password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD);
        }
        assertEquals(200, passwordGrant(user, NEW_PASSWORD).status());
    }

    private Http.Answer put(String path, Map<String, String> body) {
        return put(path, null, body);
    }

    private Http.Answer put(String path, String bearer, Map<String, String> body) {
        return api.send("PUT", path, bearer, body);
    }
}
