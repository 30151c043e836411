package dev.kcpack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.ChromiumTestBase;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.TestEnvironment;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * #23: "Forgot password?" on the demo realm's login page, in Chromium. Whoever holds only
 * the mailbox of a user with a second factor gets the reset link and then a factor to pass
 * (the app, a recovery code, a code mailed elsewhere): they never land in the app and never
 * add or remove a factor. The owner passes the factor, sets a new password and lands in the
 * app with a truthful acr. A user without a factor keeps Keycloak's flow.
 */
class ForgotPasswordIT extends ChromiumTestBase {

    private static final String NEW_PASSWORD = "Brand-new-pass-7";
    private static final String BOB_SECRET = DemoRealmIT.BOB_SECRET;
    private static final String DAVE_SECRET = "NNRXAYLDNMWWIZLNN4WWIYLWMUWWC4BR";
    private static final Pattern LINK = Pattern.compile("(http://\\S+/login-actions/action-token\\?key=[^\\s\"<]+)");

    /** Each test on a realm of its own, so that demo users' resets do not meet. */
    private String fresh() {
        String own = env.newRealm();
        chromium.get(env.baseUrl() + "/realms/" + own + "/.well-known/openid-configuration");
        chromium.manage().deleteAllCookies();
        return own;
    }

    /** "Forgot password?" from the app's login page, the username given, the link from the mail opened. */
    private void openResetLink(String own, String username) {
        String address = username + "@demo.kcpack.localhost";
        int seen = inbox.count(address);
        chromium.get(BrowserLogin.authorizationUrl(env.baseUrl(), own));
        HeadlessChromium.click(chromium, By.cssSelector("a[href*='reset-credentials']"));
        HeadlessChromium.type(chromium, By.id("username"), username);
        HeadlessChromium.click(chromium, By.cssSelector("#kc-reset-password-form [type='submit']"));
        MimeMessage mail = inbox.awaitNew(address, seen);
        Matcher link = LINK.matcher(Inbox.text(mail));
        assertTrue(link.find(), Inbox.text(mail));
        chromium.get(link.group(1).replace("&amp;", "&"));
    }

    private List<String> credentialTypes(String own, String username) {
        String id = env.admin().userId(own, username);
        List<String> types = new ArrayList<>();
        env.admin().send("GET", "/admin/realms/" + own + "/users/" + id + "/credentials", null).json()
                .forEach(c -> types.add(c.get("type").asText()));
        types.sort(String::compareTo);
        return types;
    }

    private Http.Answer passwordGrant(String own, String username, String password) {
        return Http.send(Http.request(env.baseUrl() + "/realms/" + own + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
                        "username", username, "password", password))).build());
    }

    /** The mailbox holder at the factor's page: a wrong guess, no way to enrol, nothing changed. */
    private void assertTheMailboxAloneIsNotEnough(String own, String username, String oldPassword, String factorForm,
                                                   String field, String guess) {
        List<String> before = credentialTypes(own, username);
        openResetLink(own, username);
        HeadlessChromium.waitFor(chromium, By.id(factorForm));
        String page = HeadlessChromium.pageText(chromium);
        assertFalse(page.contains("Mobile Authenticator Setup"), page);
        assertTrue(chromium.findElements(By.id("kc-passwd-update-form")).isEmpty(), "no new password before a factor");

        HeadlessChromium.type(chromium, By.id(field), guess);
        HeadlessChromium.click(chromium, By.id("kc-login"));
        HeadlessChromium.waitFor(chromium, By.id(factorForm));
        assertFalse(chromium.getCurrentUrl().startsWith(BrowserLogin.REDIRECT_URI), chromium.getCurrentUrl());
        assertTrue(chromium.findElements(By.id("kc-totp-settings")).isEmpty(), "no authenticator enrolment");
        assertTrue(chromium.findElements(By.id("kc-passwd-update-form")).isEmpty(), "no new password after a wrong guess");

        assertEquals(before, credentialTypes(own, username), "no factor added or removed");
        // The password is still the owner's: the grant asks for the second factor.
        Http.Answer grant = passwordGrant(own, username, oldPassword);
        assertEquals(401, grant.status(), grant.body());
    }

    private JsonNode tokensOf(String own) {
        return BrowserLogin.tokens(env.baseUrl(), own, chromium.getCurrentUrl());
    }

    @Test
    void bobsMailboxAloneDoesNotResetHisPasswordNorEnrolAnApp() {
        assertTheMailboxAloneIsNotEnough(fresh(), "bob", "Bob-demo-1", "kc-otp-login-form", "otp", "000000");
    }

    @Test
    void bobResetsWithHisApp() {
        String own = fresh();
        List<String> before = credentialTypes(own, "bob");
        openResetLink(own, "bob");
        HeadlessChromium.waitFor(chromium, By.id("kc-otp-login-form"));
        assertFalse(HeadlessChromium.pageText(chromium).contains("Trust this browser"), "a reset trusts no browser");
        HeadlessChromium.type(chromium, By.id("otp"), AuthenticatorApp.fromBase32Secret(BOB_SECRET).code());
        HeadlessChromium.click(chromium, By.id("kc-login"));
        finishAsTheOwner(own, "bob", before, "otp");
    }

    @Test
    void carolsMailboxAloneIsNotEnoughSinceHerCodesGoThereToo() {
        // Carol's codes go to the very mailbox that got the link: the page asks a recovery code.
        assertTheMailboxAloneIsNotEnough(fresh(), "carol", "Carol-demo-1", "kcpack-recovery-code-form", "recoveryCode",
                "wrongwrongwrong0");
    }

    @Test
    void carolResetsWithARecoveryCode() {
        String own = fresh();
        List<String> before = credentialTypes(own, "carol");
        openResetLink(own, "carol");
        HeadlessChromium.waitFor(chromium, By.id("kcpack-recovery-code-form"));
        HeadlessChromium.type(chromium, By.id("recoveryCode"), "caroldemo0300000");
        HeadlessChromium.click(chromium, By.id("kc-login"));
        finishAsTheOwner(own, "carol", before, "recovery");
    }

    @Test
    void davesMailboxAloneIsNotEnough() {
        assertTheMailboxAloneIsNotEnough(fresh(), "dave", "Dave-demo-1", "kc-otp-login-form", "otp", "000000");
    }

    @Test
    void daveResetsWithARecoveryCodeThroughTryAnotherWay() {
        String own = fresh();
        List<String> before = credentialTypes(own, "dave");
        openResetLink(own, "dave");
        HeadlessChromium.click(chromium, By.id("try-another-way"));
        String offered = HeadlessChromium.until(chromium, "the choices", driver -> {
            String text = HeadlessChromium.pageText(driver);
            return text.contains("Recovery code") ? text : null;
        });
        assertFalse(offered.contains("Email code"), "dave's codes go to the mailbox that got the link: " + offered);
        HeadlessChromium.chooseLoginMethod(chromium, "Recovery code");
        HeadlessChromium.waitFor(chromium, By.id("kcpack-recovery-code-form"));
        HeadlessChromium.type(chromium, By.id("recoveryCode"), "davedemo05000000");
        HeadlessChromium.click(chromium, By.id("kc-login"));
        finishAsTheOwner(own, "dave", before, "recovery");
    }

    @Test
    void aliceWithoutAFactorKeepsKeycloaksFlow() {
        String own = fresh();
        List<String> before = credentialTypes(own, "alice");
        openResetLink(own, "alice");
        chooseTheNewPassword();
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        JsonNode claims = Jwt.claims(tokensOf(own).get("id_token").asText());
        assertEquals("1", claims.path("acr").asText(), claims.toString());
        assertEquals(before, credentialTypes(own, "alice"));
        assertEquals(200, passwordGrant(own, "alice", NEW_PASSWORD).status());
    }

    @Test
    void theApisResetLinkAsksBobsFactorTooAndEndsSignedInNowhere() {
        String own = fresh();
        List<String> before = credentialTypes(own, "bob");
        int seen = inbox.count("bob@demo.kcpack.localhost");
        Http.Answer asked = new dev.kcpack.demo.UserApi(env, own).post("/password/forgot", null,
                Map.of("email", "bob@demo.kcpack.localhost"));
        assertEquals(200, asked.status(), asked.body());
        Matcher link = LINK.matcher(Inbox.text(inbox.awaitNew("bob@demo.kcpack.localhost", seen)));
        assertTrue(link.find());
        chromium.get(link.group(1).replace("&amp;", "&"));

        HeadlessChromium.waitFor(chromium, By.id("kc-otp-login-form"));
        assertTrue(chromium.findElements(By.id("kc-passwd-update-form")).isEmpty(), "no new password before a factor");
        HeadlessChromium.type(chromium, By.id("otp"), AuthenticatorApp.fromBase32Secret(BOB_SECRET).code());
        HeadlessChromium.click(chromium, By.id("kc-login"));
        chooseTheNewPassword();
        // The link may be opened in any browser: it ends on Keycloak's page, and the app logs in anew.
        HeadlessChromium.waitForText(chromium, "Your account has been updated");
        assertFalse(chromium.getCurrentUrl().startsWith(BrowserLogin.REDIRECT_URI), chromium.getCurrentUrl());
        assertEquals(before, credentialTypes(own, "bob"));
        assertEquals(401, passwordGrant(own, "bob", NEW_PASSWORD).status());
    }

    private void chooseTheNewPassword() {
        HeadlessChromium.waitFor(chromium, By.id("kc-passwd-update-form"));
        HeadlessChromium.type(chromium, By.id("password-new"), NEW_PASSWORD);
        HeadlessChromium.type(chromium, By.id("password-confirm"), NEW_PASSWORD);
        HeadlessChromium.click(chromium, By.cssSelector("#kc-passwd-update-form [type='submit']"));
    }

    private void finishAsTheOwner(String own, String username, List<String> before, String amr) {
        chooseTheNewPassword();
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        JsonNode claims = Jwt.claims(tokensOf(own).get("id_token").asText());
        assertEquals("2", claims.path("acr").asText(), "a second factor was passed: " + claims);
        assertTrue(claims.path("amr").toString().contains(amr), claims.toString());
        assertEquals(before, credentialTypes(own, username), "the factors are the owner's, unchanged");
        Http.Answer grant = passwordGrant(own, username, NEW_PASSWORD);
        assertEquals(401, grant.status(), "the new password, then the factor as before: " + grant.body());
    }
}
