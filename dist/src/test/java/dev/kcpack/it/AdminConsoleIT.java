package dev.kcpack.it;

import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.KeycloakServer;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.ChromiumTestBase;
import dev.kcpack.testing.ConsolePages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The pack's settings and mail brands in Keycloak's own admin console (declarative UI), by
 * an admin in headless Chromium: a change there is what the REST API does next; a value the
 * pack would not use is refused with the rule; a brand added there dresses the next mail.
 */
@ConsolePages
class AdminConsoleIT extends ChromiumTestBase {


    @BeforeAll
    void signInToTheAdminConsole() {
        chromium.get(env.baseUrl() + "/admin/master/console/");
        HeadlessChromium.type(chromium, By.id("username"), KeycloakServer.ADMIN_USER);
        HeadlessChromium.type(chromium, By.id("password"), KeycloakServer.ADMIN_PASSWORD);
        HeadlessChromium.click(chromium, By.id("kc-login"));
        HeadlessChromium.waitFor(chromium, By.cssSelector("[data-testid='realmSelector'], #nav-toggle, nav"));
    }

    /** As an admin gets there: the test's realm, then the menu, then the tab. */
    private void openRealm() {
        chromium.get(env.baseUrl() + "/admin/master/console/#/" + realm);
        chromium.navigate().refresh();
        HeadlessChromium.waitFor(chromium, By.xpath("//a[normalize-space(.)='Realm settings']"));
    }

    private void click(String text) {
        HeadlessChromium.clickByScript(chromium, By.xpath("//*[self::a or self::button][normalize-space(.)='" + text + "']"));
    }

    private void openSettingsTab() {
        openRealm();
        click("Realm settings");
        click("kcpack");
        HeadlessChromium.waitFor(chromium, By.cssSelector("[data-testid='mailCooldownSeconds']"));
    }

    private void openBrands() {
        openRealm();
        click("kcpack-mail-brands");
        HeadlessChromium.waitForText(chromium, "acme-web");
    }

    private void type(String field, String value) {
        HeadlessChromium.type(chromium, By.cssSelector("[data-testid='" + field + "']"), value);
    }

    private void save() {
        HeadlessChromium.clickByScript(chromium, By.cssSelector("[data-testid='save']"));
    }

    @Test
    void aCooldownChangedInTheConsoleIsTheOneTheApiKeeps() {
        openSettingsTab();
        type("mailCooldownSeconds", "7");
        save();
        HeadlessChromium.waitForText(chromium, "Saved successfully");

        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())));
        long retryAfter = assertTooManyRequests(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())),
                "TOO_MANY_OTP_EMAILS");
        assertTrue(retryAfter > 0 && retryAfter <= 7, "Retry-After with a 7-second cooldown: " + retryAfter);
    }

    @Test
    void aValueThePackWouldNotUseIsRefusedWithItsRule() {
        openSettingsTab();
        type("freeFailures", "0");
        save();
        HeadlessChromium.waitForText(chromium, "Wrong guesses before the first lock: a whole number from 1 to 100.");

        // Nothing changed: five wrong guesses are still free, the sixth is refused.
        Http.Answer stored = env.admin().send("GET", "/admin/realms/" + realm
                + "/components?type=org.keycloak.services.ui.extend.UiTabProvider", null);
        assertTrue(!stored.body().contains("\"freeFailures\":[\"0\"]"), stored.body());
        Http.Answer overRest = env.admin().changePackSettings(realm, Map.of("maxLockSeconds", "10"));
        assertEquals(400, overRest.status(), overRest.body());
        assertTrue(overRest.body().contains("is shorter than First lock"), overRest.body());
    }

    @Test
    void aBrandAddedInTheConsoleDressesTheNextMail() throws Exception {
        openBrands();
        click("Create item");
        HeadlessChromium.waitFor(chromium, By.cssSelector("[data-testid='origin']"));
        type("origin", "initech-desk");
        type("brandName", "Initech Desk");
        type("senderName", "Initech Help");
        type("primaryColor", "#123456");
        save();
        HeadlessChromium.waitForText(chromium, "Saved successfully");

        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        int seen = inbox.count(user.email());
        ok(api.post("/2fa/email-otp/setup?origin=initech-desk", access, Map.of("email", user.email())));
        var mail = inbox.awaitNew(user.email(), seen);
        assertTrue(mail.getSubject().contains("Initech Desk"), mail.getSubject());
        assertTrue(mail.getFrom()[0].toString().contains("Initech Help"), mail.getFrom()[0].toString());

        // A second brand of the same origin is refused with the reason.
        openBrands();
        HeadlessChromium.waitForText(chromium, "initech-desk");
        click("Create item");
        HeadlessChromium.waitFor(chromium, By.cssSelector("[data-testid='origin']"));
        type("origin", "initech-desk");
        type("brandName", "Initech again");
        save();
        HeadlessChromium.waitForText(chromium, "another brand of this realm is called initech-desk");
    }
}
