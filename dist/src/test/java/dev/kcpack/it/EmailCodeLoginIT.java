package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.Waits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 31, item 3: an email code finishes only the login it was mailed for. Two partial tokens
 * of one user, two sessions asking for sudo, two browsers, the API beside the login page: each
 * code works for its own and nowhere else, and a resend replaces the code of its own login only.
 */
class EmailCodeLoginIT extends RealmTestBase {

    private static final int COOLDOWN_SECONDS = 1;

    @BeforeAll
    void shortCooldown() {
        env.admin().setPackSettings(realm, Map.of("mailCooldownSeconds", Integer.toString(COOLDOWN_SECONDS)));
        // The pack's gate alone: Keycloak's detector locks after two failures within a second.
        env.admin().setBruteForceProtected(realm, false);
    }

    /** A user with email codes and two sessions of their own from before (kept when the factor came). */
    private record Enrolled(TestUser user, String access, String otherAccess) {
    }

    private Enrolled enrolled() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        String otherAccess = env.accessToken(user);
        String code = Inbox.code(inbox.after(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())))));
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", code, "keepOtherSessions", true)));
        return new Enrolled(user, access, otherAccess);
    }

    /** The code mailed when {@code token} (partial or access) asks for one, after the cooldown of the last mail. */
    private String mailedFor(TestUser user, String token) {
        Waits.sleep(COOLDOWN_SECONDS * 1000L + 200);
        return Inbox.code(inbox.after(user.email(), () -> ok(api.post("/2fa/email-otp/challenge", token, Map.of()))));
    }

    private Http.Answer authenticate(String token, String code) {
        return api.post("/2fa/email-otp/authenticate", token, Map.of("otp", code));
    }

    @Test
    void aCodeMailedForOnePartialTokenFinishesThatLoginOnly() {
        Enrolled enrolled = enrolled();
        TestUser user = enrolled.user();
        String first = env.partialToken(user);
        String second = env.partialToken(user);
        String code = mailedFor(user, first);

        assertError(authenticate(second, code), 401, "Unauthorized", "OTP_INVALID_EXPIRED");
        assertError(authenticate(enrolled.access(), code), 401, "Unauthorized", "OTP_INVALID_EXPIRED");
        assertTrue(ok(authenticate(first, code)).hasNonNull("accessToken"));
        // The other login is still open and takes the code mailed for it.
        assertTrue(ok(authenticate(second, mailedFor(user, second))).hasNonNull("accessToken"));
    }

    @Test
    void aSudoCodeServesTheSessionThatAskedForIt() {
        Enrolled enrolled = enrolled();
        TestUser user = enrolled.user();
        String one = enrolled.access();
        String another = enrolled.otherAccess();
        String code = mailedFor(user, one);

        assertError(authenticate(another, code), 401, "Unauthorized", "OTP_INVALID_EXPIRED");
        assertError(authenticate(env.partialToken(user), code), 401, "Unauthorized", "OTP_INVALID_EXPIRED");
        assertTrue(ok(authenticate(one, code)).hasNonNull("sudoToken"));
    }

    @Test
    void aResendReplacesTheCodeOfItsOwnLoginOnly() {
        TestUser user = enrolled().user();
        String first = env.partialToken(user);
        String second = env.partialToken(user);
        String firstCode = mailedFor(user, first);
        String secondCode = mailedFor(user, second);
        String resent = mailedFor(user, first);

        if (!resent.equals(firstCode)) {
            assertError(authenticate(first, firstCode), 401, "Unauthorized", "OTP_INVALID_EXPIRED");
        }
        assertTrue(ok(authenticate(second, secondCode)).hasNonNull("accessToken"), "the other login's code stands");
        assertTrue(ok(authenticate(first, resent)).hasNonNull("accessToken"));
    }

    @Test
    void aGrantWithTheCodeNamesThePartialTokenItWasMailedForAndUsesItUp() {
        TestUser user = enrolled().user();
        String first = env.partialToken(user);
        String second = env.partialToken(user);
        String code = mailedFor(user, first);

        Http.Answer alone = grant(user, Map.of("otp", code));
        assertEquals(400, alone.status(), alone.body());
        assertEquals("invalid_request", alone.json().get("error").asText(), alone.body());
        Http.Answer otherLogin = grant(user, Map.of("otp", code, "partial_auth_token", second));
        assertEquals(401, otherLogin.status(), otherLogin.body());
        assertEquals("invalid_grant", otherLogin.json().get("error").asText(), otherLogin.body());

        Http.Answer finished = grant(user, Map.of("otp", code, "partial_auth_token", first));
        assertEquals(200, finished.status(), finished.body());
        assertEquals(List.of("email", "pwd"),
                Jwt.amr(finished.json().get("access_token").asText()).stream().sorted().toList());
        // One login per partial token: the one the grant finished is used up.
        assertEquals(401, authenticate(first, code).status());
        assertEquals(401, api.post("/2fa/recovery-code/authenticate", first, Map.of("recoveryCode", "x".repeat(16))).status());
    }

    @Test
    void twoBrowsersAndTheApiEachKeepTheirOwnCode() {
        TestUser user = enrolled().user();
        Waits.sleep(COOLDOWN_SECONDS * 1000L + 200);
        try (BrowserLogin one = new BrowserLogin().open(env.baseUrl(), realm);
             BrowserLogin two = new BrowserLogin().open(env.baseUrl(), realm)) {
            int seen = inbox.count(user.email());
            one.password(user.username(), user.password());
            String oneCode = Inbox.code(inbox.awaitNew(user.email(), seen));
            Waits.sleep(COOLDOWN_SECONDS * 1000L + 200);
            two.password(user.username(), user.password());
            String twoCode = Inbox.code(inbox.awaitNew(user.email(), seen + 1));
            String partial = env.partialToken(user);
            String apiCode = mailedFor(user, partial);

            // Each code elsewhere is wrong: another browser's, the API's, the page's at the API.
            if (!oneCode.equals(twoCode)) {
                two.submit("kcpack-email-otp-form", "otp", oneCode);
                assertFalse(two.loggedIn(), "browser one's code in browser two");
            }
            if (!apiCode.equals(twoCode)) {
                two.submit("kcpack-email-otp-form", "otp", apiCode);
                assertFalse(two.loggedIn(), "the API's code on the login page");
            }
            if (!oneCode.equals(apiCode)) {
                assertError(authenticate(partial, oneCode), 401, "Unauthorized", "OTP_INVALID_EXPIRED");
            }
            two.submit("kcpack-email-otp-form", "otp", twoCode);
            assertTrue(two.loggedIn(), two.describe());
            one.submit("kcpack-email-otp-form", "otp", oneCode);
            assertTrue(one.loggedIn(), "browser two's mail did not replace browser one's code: " + one.describe());
            assertTrue(ok(authenticate(partial, apiCode)).hasNonNull("accessToken"));
        }
    }

    private Http.Answer grant(TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(extra);
        form.putAll(Map.of("grant_type", "password", "client_id", PackStack.CLIENT_ID, "scope", "openid",
                "username", user.username(), "password", user.password()));
        return env.tokenEndpoint(realm, form);
    }
}
