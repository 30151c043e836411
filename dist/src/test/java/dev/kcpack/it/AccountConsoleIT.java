package dev.kcpack.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.function.Consumer;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Every demo user signs in to Keycloak's own Account Console in headless Chromium (with
 * their second factor where they have one) and opens "Signing in", which lists what they can
 * sign in with: the console works for the demo realm's users and shows the pack's factors.
 */
class AccountConsoleIT extends RealmTestBase {

    private static final String DAVE_SECRET = "NNRXAYLDNMWWIZLNN4WWIYLWMUWWC4BR";

    private WebDriver chromium;

    @BeforeEach
    void startChromium() {
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stopChromium() {
        chromium.quit();
    }

    private void signInAndOpenSigningIn(String username, String password, Consumer<WebDriver> secondFactor,
                                        String... shown) {
        chromium.get(env.baseUrl() + "/realms/" + realm + "/account/");
        HeadlessChromium.type(chromium, By.id("username"), username);
        HeadlessChromium.type(chromium, By.id("password"), password);
        HeadlessChromium.click(chromium, By.id("kc-login"));
        secondFactor.accept(chromium);
        HeadlessChromium.waitForText(chromium, "Personal info");
        chromium.get(env.baseUrl() + "/realms/" + realm + "/account/account-security/signing-in");
        HeadlessChromium.waitForText(chromium, "Basic authentication");
        for (String text : shown) {
            HeadlessChromium.waitForText(chromium, text);
        }
        String page = HeadlessChromium.pageText(chromium);
        assertFalse(page.contains("Something went wrong"), page);
    }

    private static Consumer<WebDriver> app(String base32Secret) {
        return chromium -> {
            HeadlessChromium.waitFor(chromium, By.id("kc-otp-login-form"));
            HeadlessChromium.type(chromium, By.id("otp"), AuthenticatorApp.fromBase32Secret(base32Secret).code());
            HeadlessChromium.click(chromium, By.id("kc-login"));
        };
    }

    @Test
    void aliceWithThePasswordAlone() {
        signInAndOpenSigningIn("alice", TestEnvironment.PLAIN_USER_PASSWORD, chromium -> { }, "Password");
    }

    @Test
    void bobWithHisAuthenticatorApp() {
        signInAndOpenSigningIn("bob", "Bob-demo-1", app(DemoRealmIT.BOB_SECRET), "Password", "Authenticator application");
    }

    @Test
    void carolWithACodeByEmail() {
        String address = "carol@demo.kcpack.localhost";
        int seen = inbox.count(address);
        signInAndOpenSigningIn("carol", "Carol-demo-1", chromium -> {
            HeadlessChromium.waitFor(chromium, By.id("kcpack-email-otp-form"));
            HeadlessChromium.type(chromium, By.id("otp"), Inbox.code(inbox.awaitNew(address, seen)));
            HeadlessChromium.click(chromium, By.id("kc-login"));
        }, "Password", "Email code");
    }

    @Test
    void daveWithHisAuthenticatorApp() {
        signInAndOpenSigningIn("dave", "Dave-demo-1", app(DAVE_SECRET), "Password", "Authenticator application",
                "Email code");
    }
}
