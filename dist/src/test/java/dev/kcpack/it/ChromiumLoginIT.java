package dev.kcpack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.ChromiumTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The demo realm's users log in through each step of the pack in headless Chromium
 * (Debian's chromium and chromedriver), with the pages' own scripts running.
 */
class ChromiumLoginIT extends ChromiumTestBase {


    private void password(String username, String password) {
        // Cookies are cleared per site: first back to Keycloak's, from the client's (unreachable) page.
        chromium.get(env.baseUrl() + "/realms/" + realm + "/.well-known/openid-configuration");
        chromium.manage().deleteAllCookies();
        chromium.get(BrowserLogin.authorizationUrl(env.baseUrl(), realm));
        HeadlessChromium.type(chromium, By.id("username"), username);
        HeadlessChromium.type(chromium, By.id("password"), password);
        HeadlessChromium.click(chromium, By.id("kc-login"));
    }

    private void assertLoggedIn() {
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        assertTrue(chromium.getCurrentUrl().contains("code="), chromium.getCurrentUrl());
    }

    private void waitFor(String id) {
        HeadlessChromium.waitFor(chromium, By.id(id));
    }

    @Test
    void aliceWithThePasswordAlone() {
        password("alice", TestEnvironment.PLAIN_USER_PASSWORD);
        assertLoggedIn();
    }

    @Test
    void bobWithHisAuthenticatorApp() {
        password("bob", "Bob-demo-1");
        waitFor("kc-otp-login-form");
        HeadlessChromium.type(chromium, By.id("otp"), AuthenticatorApp.fromBase32Secret(DemoRealmIT.BOB_SECRET).code());
        HeadlessChromium.click(chromium, By.id("kc-login"));
        assertLoggedIn();
    }

    @Test
    void carolWithACodeByEmail() {
        String address = "carol@demo.kcpack.localhost";
        int seen = inbox.count(address);
        password("carol", "Carol-demo-1");
        waitFor("kcpack-email-otp-form");
        HeadlessChromium.type(chromium, By.id("otp"), Inbox.code(inbox.awaitNew(address, seen)));
        HeadlessChromium.click(chromium, By.id("kc-login"));
        assertLoggedIn();
    }

    @Test
    void daveWithARecoveryCodeThroughTryAnotherWay() {
        password("dave", "Dave-demo-1");
        waitFor("try-another-way");
        HeadlessChromium.click(chromium, By.id("try-another-way"));
        HeadlessChromium.chooseLoginMethod(chromium, "Recovery code");
        waitFor("kcpack-recovery-code-form");
        HeadlessChromium.type(chromium, By.id("recoveryCode"), "davedemo01000000");
        HeadlessChromium.click(chromium, By.id("kc-login"));
        assertLoggedIn();
    }

    @Test
    void theFirstRecoveryCodesCanBeCopiedAndDownloaded() {
        TestUser user = env.newUser(realm);
        env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("requiredActions", List.of("kcpack-configure-email-otp")));
        int seen = inbox.count(user.email());
        password(user.username(), user.password());
        waitFor("kcpack-configure-email-otp-address-form");
        HeadlessChromium.click(chromium, By.id("kcpack-send-code"));
        waitFor("kcpack-configure-email-otp-code-form");
        HeadlessChromium.type(chromium, By.id("otp"), Inbox.code(inbox.awaitNew(user.email(), seen)));
        HeadlessChromium.click(chromium, By.id("kcpack-activate"));
        waitFor("kcpack-recovery-codes");
        List<String> shown = chromium.findElements(By.cssSelector("#kcpack-recovery-codes li")).stream()
                .map(WebElement::getText).map(String::trim).toList();
        assertEquals(10, shown.size(), shown.toString());

        HeadlessChromium.click(chromium, By.id("kcpack-codes-copy"));
        String status = HeadlessChromium.until(chromium, "the copy's status", driver -> {
            String said = driver.findElement(By.id("kcpack-codes-status")).getText();
            return said.isBlank() ? null : said;
        });
        assertEquals("The codes are copied.", status);

        HeadlessChromium.click(chromium, By.id("kcpack-codes-download"));
        waitFor("kcpack-codes-file");
        WebElement file = chromium.findElement(By.id("kcpack-codes-file"));
        assertTrue(file.getAttribute("download").endsWith("recovery codes.txt"), file.getAttribute("download"));
        // What the browser saves: the file's own bytes, read back through its blob URL.
        Object text = ((JavascriptExecutor) chromium).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('kcpack-codes-file').href).then(r => r.text()).then(done);");
        assertEquals(String.join("\n", shown) + "\n", text);

        HeadlessChromium.click(chromium, By.id("kcpack-codes-saved"));
        assertLoggedIn();
    }
}
