package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.ChromiumTestBase;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.Logins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A sign-in from a browser not seen for the user before is told by mail, as Google and GitHub
 * do: here the user's first sign-in is an app's password grant (recorded, told nothing: there
 * is nothing to compare it with), then Chromium signs in on Keycloak's login page. The notice
 * names the browser as the session list does and the address; the same browser again, or the
 * app again, is not news; the realm's setting switches it off.
 */
class NewBrowserNoticeIT extends ChromiumTestBase {

    private static final String KIND = "newBrowser";

    private Logins logins;

    @BeforeAll
    void logins() {
        logins = new Logins(env, realm);
    }

    @Test
    void aNewBrowserIsToldOnceAndNamedAsTheSessionListNamesIt() {
        TestUser user = logins.verifiedUser();
        logins.login(user, "openid");

        JsonNode tokens = signInWithChromium(user, user.password());
        String text = Inbox.text(inbox.awaitNotice(user.email(), KIND, 0));
        assertEquals(List.of(KIND), inbox.noticeKinds(user.email()), "the app's first sign-in came unannounced");
        JsonNode current = currentSession(tokens.get("access_token").asText());
        assertTrue(current.get("summary").asText().contains("Chrome"), current.toString());
        assertTrue(text.contains(current.get("summary").asText() + ", 127.0.0.1"), text);
        assertTrue(text.contains("Someone signed in to your kcpack demo account from a browser or device not used with it before"),
                text);

        // The same browser and the same app again are not news: the next notice is of a change made after them.
        signInWithChromium(user, user.password());
        logins.login(user, "openid");
        String newPassword = "New-" + user.password();
        ok(api.send("PUT", "/password/old-password", logins.login(user, "openid").access(),
                Map.of("oldPassword", user.password(), "newPassword", newPassword, "keepOtherSessions", true)));
        inbox.awaitNotice(user.email(), "passwordChanged", 0);
        assertEquals(List.of(KIND, "passwordChanged"), inbox.noticeKinds(user.email()));
    }

    @Test
    void theRealmsSettingSwitchesItOff() {
        env.admin().setPackSettings(realm, Map.of("noticeNewBrowser", "false"));
        try {
            TestUser user = logins.verifiedUser();
            logins.login(user, "openid");
            signInWithChromium(user, user.password());
            ok(api.send("PUT", "/password/old-password", logins.login(user, "openid").access(),
                    Map.of("oldPassword", user.password(), "newPassword", "Quiet-" + user.password())));
            inbox.awaitNotice(user.email(), "passwordChanged", 0);
            assertEquals(List.of("passwordChanged"), inbox.noticeKinds(user.email()));
        } finally {
            env.admin().setPackSettings(realm, Map.of("noticeNewBrowser", "true"));
        }
    }

    /** Keycloak's login page in Chromium, from a clean slate; the tokens of the login. */
    private JsonNode signInWithChromium(TestUser user, String password) {
        chromium.get(env.baseUrl() + "/realms/" + realm + "/.well-known/openid-configuration");
        chromium.manage().deleteAllCookies();
        chromium.get(BrowserLogin.authorizationUrl(env.baseUrl(), realm));
        HeadlessChromium.type(chromium, By.id("username"), user.username());
        HeadlessChromium.type(chromium, By.id("password"), password);
        HeadlessChromium.click(chromium, By.id("kc-login"));
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        return BrowserLogin.tokens(env.baseUrl(), realm, chromium.getCurrentUrl());
    }

    private JsonNode currentSession(String access) {
        for (JsonNode session : ok(api.get("/sessions", access)).get("sessions")) {
            if (session.get("current").asBoolean()) {
                return session;
            }
        }
        throw new AssertionError("no current session");
    }
}
