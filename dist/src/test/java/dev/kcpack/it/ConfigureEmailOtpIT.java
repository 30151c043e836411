package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/** The required action that sets up email OTP in the browser, and shows the first recovery codes. */
class ConfigureEmailOtpIT extends RealmTestBase {

    @Test
    void aUserSetsUpEmailCodesWhileSigningIn() {
        TestUser user = env.newUser(realm);
        env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("requiredActions", List.of("kcpack-configure-email-otp")));
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertTrue(browser.hasElement("kcpack-configure-email-otp-address-form"), browser.describe());
            assertEquals(user.email(), browser.inputValue("kcpack-configure-email-otp-address-form", "email"));

            browser.submit("kcpack-configure-email-otp-address-form", "email", "me@mailinator.com");
            assertTrue(browser.text().contains("Codes cannot be sent to this mail provider"), browser.text());

            int seen = inbox.count(user.email());
            browser.submit("kcpack-configure-email-otp-address-form", "email", user.email());
            MimeMessage mail = inbox.awaitNew(user.email(), seen);
            assertTrue(browser.hasElement("kcpack-configure-email-otp-code-form"), browser.describe());
            browser.submit("kcpack-configure-email-otp-code-form", "otp", Inbox.code(mail));

            assertTrue(browser.hasElement("kcpack-recovery-codes"), browser.describe());
            String codes = browser.html().getElementById("kcpack-recovery-codes").asNormalizedText();
            assertEquals(10, codes.split("\\n").length, codes);
            browser.submit("kcpack-recovery-codes-new-form");
            assertTrue(browser.loggedIn(), browser.describe());
        }
        JsonNode credentials = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/credentials", null).json();
        assertTrue(credentials.toString().contains("kcpack-email-otp"), credentials.toString());
        assertTrue(credentials.toString().contains("kcpack-recovery-codes"), credentials.toString());
        // #21: the login page's enrolment is told like the API's.
        String notice = Inbox.text(inbox.awaitNotice(user.email(), "factorAdded", 0));
        assertTrue(notice.contains("A second factor was added to your kcpack demo account: codes by email."), notice);
        assertEquals(List.of("factorAdded"), inbox.noticeKinds(user.email()), "the first codes come unannounced");
    }
}
