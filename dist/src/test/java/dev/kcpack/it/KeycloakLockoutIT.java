package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/**
 * The pack's doors and Keycloak's own brute-force detection (on in the demo realm) as one:
 * wrong guesses over REST count in Keycloak's detector, a user it locked gets nothing from
 * any door (a partial token from before the lock included), and the pack's tokens end
 * when what they proved changes.
 */
class KeycloakLockoutIT extends RealmTestBase {

    private static final String NEW_PASSWORD = "Changed-Password-9";

    private record WithTotp(TestUser user, String access, AuthenticatorApp app) {
    }

    private WithTotp userWithTotp() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        return new WithTotp(user, access, app);
    }

    @Test
    void restFailuresCountInKeycloaksDetectorAndItsLockHoldsAtEveryDoor() {
        WithTotp enrolled = userWithTotp();
        String partial = env.partialToken(enrolled.user());
        // Two quick failures: Keycloak's quick-login check locks the user.
        for (int i = 0; i < 2; i++) {
            assertError(api.post("/2fa/totp/authenticate", enrolled.access(), Map.of("totp", enrolled.app().wrongCode())),
                    401, "Unauthorized", "TOTP_INVALID");
        }
        JsonNode status = env.admin().send("GET", "/admin/realms/" + realm + "/attack-detection/brute-force/users/"
                + enrolled.user().id(), null).json();
        assertTrue(status.get("numFailures").asInt() >= 2, status.toString());
        assertTrue(status.get("disabled").asBoolean(), "an admin sees the user locked: " + status);

        // The partial token was got before the lock: the right code still does not finish the login.
        long retryAfter = assertTooManyRequests(api.post("/2fa/totp/authenticate", partial,
                Map.of("totp", enrolled.app().code())), "TOO_MANY_TOTP_CHECKS");
        assertTrue(retryAfter > 0, "retryAfter " + retryAfter);
        // "Time until the next attempt" tells Keycloak's wait rather than refusing to answer.
        long nextGuess = ok(api.get("/2fa/totp/next-guess", enrolled.access())).get("duration").asLong();
        assertTrue(nextGuess > 0, "next-guess while Keycloak locks the user: " + nextGuess);
        assertError(api.get("/2fa", enrolled.access()), 403, "Forbidden", "USER_TEMPORARILY_LOCKED");
        assertError(api.post("/2fa/totp/setup", enrolled.access(), Map.of()), 403, "Forbidden", "USER_TEMPORARILY_LOCKED");

        // Once the admin lifts the lock, the same partial token works.
        env.admin().send("DELETE", "/admin/realms/" + realm + "/attack-detection/brute-force/users/"
                + enrolled.user().id(), null);
        JsonNode tokens = ok(api.post("/2fa/totp/authenticate", partial, Map.of("totp", enrolled.app().code())));
        assertTrue(tokens.has("accessToken"), tokens.toString());
    }

    @Test
    void aPasswordChangeEndsTheSudoTokensOfBefore() {
        WithTotp enrolled = userWithTotp();
        String sudo = ok(api.post("/2fa/totp/authenticate", enrolled.access(), Map.of("totp", enrolled.app().code())))
                .get("sudoToken").asText();
        ok(api.send("PUT", "/password/old-password", sudo,
                Map.of("oldPassword", enrolled.user().password(), "newPassword", NEW_PASSWORD)));
        assertError(api.post("/2fa/recovery-code/reset", sudo, Map.of()), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void aPasswordResetEndsThePartialTokensOfBefore() {
        WithTotp enrolled = userWithTotp();
        String partial = env.partialToken(enrolled.user());
        String code = Inbox.code(inbox.after(enrolled.user().email(),
                () -> ok(api.post("/password/reset/send", null, Map.of("email", enrolled.user().email())))));
        ok(api.send("PUT", "/password/otp", null,
                Map.of("userEmail", enrolled.user().email(), "otp", code, "newPassword", NEW_PASSWORD)));
        assertError(api.post("/2fa/totp/authenticate", partial, Map.of("totp", enrolled.app().code())),
                401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void removingTheFactorEndsTheSudoTokensThatProvedIt() {
        WithTotp enrolled = userWithTotp();
        String sudo = ok(api.post("/2fa/totp/authenticate", enrolled.access(), Map.of("totp", enrolled.app().code())))
                .get("sudoToken").asText();
        assertEquals("null", ok(api.delete("/2fa/totp", sudo)).toString());
        assertError(api.post("/2fa/email-otp/setup", sudo, Map.of("email", enrolled.user().email())),
                401, "Unauthorized", "INVALID_TOKEN");
    }
}
