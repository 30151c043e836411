package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Chromium;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.KeycloakExtension;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Screenshots of the pack's mails and login pages, as the real server renders them,
 * written to {@code docs/screenshots/} so a person can judge them (docs/login-steps.md shows them).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreenshotsIT {

    private TestEnvironment env;
    private String realm;
    private UserApi api;
    private Path docs;

    @BeforeAll
    void setUp(TestEnvironment env) {
        this.env = env;
        this.realm = env.newRealm();
        this.api = new UserApi(env, realm);
        env.admin().setPackSettings(realm, Map.of("mailCooldownSeconds", "1"));
        this.docs = Path.of(System.getProperty("kcpack.docsDir", "target/screenshots"));
    }

    private void assertPng(Path png) throws Exception {
        assertTrue(Files.size(png) > 5_000, png + " looks empty");
    }

    @Test
    void mailsInTwoBrandsAndTwoLanguages() throws Exception {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        Inbox inbox = env.inbox();
        String[][] shots = {{"acme-web", "en"}, {"globex-mobile", "nl"}};
        for (String[] shot : shots) {
            int seen = inbox.count(user.email());
            ok(api.post("/2fa/email-otp/setup?origin=" + shot[0] + "&language=" + shot[1], access,
                    Map.of("email", user.email())));
            MimeMessage mail = inbox.awaitNew(user.email(), seen);
            assertPng(Chromium.screenshot(Inbox.html(mail), null,
                    docs.resolve("mail-email-otp-" + shot[0] + "-" + shot[1] + ".png"), 640, 520));
            Thread.sleep(1_100);
        }
    }

    @Test
    void enrolmentPagesOfThePack() throws Exception {
        TestUser user = env.newUser(realm);
        env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("requiredActions", java.util.List.of("kcpack-configure-email-otp")));
        Inbox inbox = env.inbox();
        String base = env.baseUrl() + "/";
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("enrol-email-otp-address.png"), 800, 700));
            int seen = inbox.count(user.email());
            browser.submit("kcpack-configure-email-otp-address-form", "email", user.email());
            MimeMessage mail = inbox.awaitNew(user.email(), seen);
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("enrol-email-otp-code.png"), 800, 700));
            browser.submit("kcpack-configure-email-otp-code-form", "otp", Inbox.code(mail));
            assertTrue(browser.hasElement("kcpack-recovery-codes"), browser.describe());
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("enrol-recovery-codes.png"), 800, 900));
        }
    }

    @Test
    void loginPagesOfThePack() throws Exception {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        com.fasterxml.jackson.databind.JsonNode codes =
                ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code()))).get("recoveryCodes");
        Thread.sleep(1_100);
        Inbox inbox = env.inbox();
        String sudo = ok(api.post("/2fa/totp/authenticate", access, Map.of("totp", app.code()))).get("sudoToken").asText();
        ok(api.post("/2fa/email-otp/setup", sudo, Map.of("email", user.email())));
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(inbox.awaitNew(user.email(), 0)))));
        String base = env.baseUrl() + "/";
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("login-totp.png"), 800, 700));
            browser.tryAnotherWay("Email code");
            assertTrue(browser.hasElement("kcpack-email-otp-form"), browser.describe());
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("login-email-otp.png"), 800, 760));
        }
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(user.username(), user.password());
            browser.post(browser.html().getHtmlElementById("kc-select-try-another-way-form"));
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("login-try-another-way.png"), 800, 760));
            browser.tryAnotherWayFromList("Recovery code");
            assertTrue(browser.hasElement("kcpack-recovery-code-form"), browser.describe());
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("login-recovery-code.png"), 800, 700));
            for (int i = 0; i < 7; i++) {
                ok(api.post("/2fa/recovery-code/authenticate", access, Map.of("recoveryCode", codes.get(i).asText())));
            }
            browser.submit("kcpack-recovery-code-form", "recoveryCode", codes.get(9).asText());
            assertTrue(browser.hasElement("kcpack-recovery-codes-low-form"), browser.describe());
            assertPng(Chromium.screenshot(browser.html().asXml(), base, docs.resolve("login-recovery-codes-low.png"), 800, 700));
        }
    }
}
