package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.KeycloakExtension;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pack's email-OTP step in the realm's browser flow: code on arrival, resend with cooldown. */
@ExtendWith(KeycloakExtension.class)
class EmailOtpLoginIT {

    @Test
    void aLoginWithTheEmailedCodeAndAResend(TestEnvironment env) throws InterruptedException {
        String realm = env.newRealm();
        env.admin().setPackSettings(realm, Map.of("mailCooldownSeconds", "3"));
        UserApi api = new UserApi(env, realm);
        Inbox inbox = env.inbox();
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())));
        MimeMessage setup = inbox.awaitNew(user.email(), 0);
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))));
        Thread.sleep(3_200);

        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertTrue(browser.hasElement("kcpack-email-otp-form"), browser.describe());
            MimeMessage first = inbox.awaitNew(user.email(), 1);
            String masked = user.email().charAt(0) + "***" + user.email().substring(user.email().indexOf('@') - 1);
            assertTrue(browser.text().contains(masked), "masked address " + masked + " in " + browser.text());
            assertTrue(browser.hasElement("kcpack-resend-wait"), "the resend waits for the cooldown: " + browser.text());

            browser.refresh();
            assertTrue(browser.hasElement("kcpack-email-otp-form"), "after a refresh: " + browser.describe());
            Thread.sleep(500);
            assertEquals(2, inbox.count(user.email()), "a refresh sends no new code");

            Thread.sleep(3_200);
            browser.refresh();
            assertTrue(browser.hasElement("kcpack-email-otp-resend-form"), browser.describe());
            browser.submit("kcpack-email-otp-resend-form");
            MimeMessage second = inbox.awaitNew(user.email(), 2);
            assertTrue(browser.text().contains("A new code is on its way"), browser.text());
            assertTrue(browser.text().contains("You can ask for a new code in"), browser.text());

            String wrong = Inbox.code(second).equals("000000") ? "111111" : "000000";
            browser.submit("kcpack-email-otp-form", "otp", wrong);
            assertFalse(browser.loggedIn());
            assertTrue(browser.text().contains("Invalid or expired code"), browser.text());
            JsonNode bruteForce = env.admin().send("GET",
                    "/admin/realms/" + realm + "/attack-detection/brute-force/users/" + user.id(), null).json();
            assertEquals(1, bruteForce.get("numFailures").asInt(), "counted by Keycloak: " + bruteForce);

            if (!Inbox.code(first).equals(Inbox.code(second))) {
                // A second failure within a second would be a quick-login lock by Keycloak's detector.
                Thread.sleep(1_100);
                browser.submit("kcpack-email-otp-form", "otp", Inbox.code(first));
                assertFalse(browser.loggedIn(), "the resend replaced the first code");
            }
            browser.submit("kcpack-email-otp-form", "otp", Inbox.code(second));
            assertTrue(browser.loggedIn(), browser.describe());
        }
    }

    @Test
    void aLoginDuringTheCooldownSaysNoCodeWasSent(TestEnvironment env) {
        String realm = env.newRealm();
        UserApi api = new UserApi(env, realm);
        Inbox inbox = env.inbox();
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        MimeMessage setup = inbox.after(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))));
        // The setup mail started the 60-second cooldown: a login now sends nothing, and says so.
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertTrue(browser.hasElement("kcpack-email-otp-not-sent"), browser.describe());
            assertFalse(browser.hasElement("kcpack-email-otp-sent-to"), browser.text());
            assertTrue(browser.text().contains("No new code was sent"), browser.text());
            assertTrue(browser.hasElement("kcpack-resend-wait"), "the wait is shown: " + browser.text());
            assertEquals(1, inbox.count(user.email()), "only the setup mail");
        }
    }
}
