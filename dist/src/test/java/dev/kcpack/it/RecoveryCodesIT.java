package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** Recovery codes over REST (operations #11, #14, #21) and in the browser flow. */
class RecoveryCodesIT extends RealmTestBase {

    record Enrolled(TestUser user, AuthenticatorApp app, String access, JsonNode codes) {
        String code(int i) {
            return codes.get(i).asText();
        }
    }

    private Enrolled enrol() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        JsonNode codes = ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code()))).get("recoveryCodes");
        return new Enrolled(user, app, access, codes);
    }

    @Test
    void eachCodeWorksOnceInAnyOrderAndInAnyCase() {
        Enrolled enrolled = enrol();
        String sudo = ok(api.post("/2fa/recovery-code/authenticate", enrolled.access(),
                Map.of("recoveryCode", enrolled.code(7).toUpperCase(Locale.ROOT)))).get("sudoToken").asText();
        assertFalse(sudo.isEmpty());
        assertError(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of("recoveryCode", enrolled.code(7))),
                401, "Unauthorized", "RECOVERY_CODE_INVALID");
        ok(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of("recoveryCode", enrolled.code(2))));
        assertError(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of("recoveryCode", "short")),
                400, "Bad Request", "recoveryCode must be 16 characters");
        assertError(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of()),
                400, "Bad Request", "body must have required property 'recoveryCode'");
        JsonNode status = ok(api.get("/2fa", enrolled.access()));
        assertFalse(status.at("/recoveryCodes/completedAt").isMissingNode(), status.toString());
    }

    @Test
    void resetReplacesAllCodes() {
        Enrolled enrolled = enrol();
        assertError(api.post("/2fa/recovery-code/reset", enrolled.access(), Map.of()), 401, "Unauthorized",
                "SUDO_TOKEN_REQUIRED");
        String sudo = ok(api.post("/2fa/totp/authenticate", enrolled.access(), Map.of("totp", enrolled.app().code())))
                .get("sudoToken").asText();
        JsonNode fresh = ok(api.post("/2fa/recovery-code/reset", sudo, Map.of())).get("recoveryCodes");
        assertEquals(10, fresh.size());
        assertNotEquals(enrolled.code(0), fresh.get(0).asText());
        assertError(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of("recoveryCode", enrolled.code(0))),
                401, "Unauthorized", "RECOVERY_CODE_INVALID");
        ok(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of("recoveryCode", fresh.get(9).asText())));
    }

    @Test
    void withoutSecondFactorThereAreNoCodes() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertError(api.get("/2fa/recovery-code/next-guess", access), 409, "Conflict", "RECOVERY_CODES_UNINITIALIZED");
        assertError(api.post("/2fa/recovery-code/authenticate", access, Map.of("recoveryCode", "0123456789abcdef")),
                409, "Conflict", "RECOVERY_CODES_UNINITIALIZED");

        Enrolled enrolled = enrol();
        // A sudo token proved by a recovery code outlives the codes (a TOTP-proved one would die with the TOTP).
        String sudo = ok(api.post("/2fa/recovery-code/authenticate", enrolled.access(),
                Map.of("recoveryCode", enrolled.code(0)))).get("sudoToken").asText();
        ok(api.delete("/2fa/totp", sudo));
        assertError(api.post("/2fa/recovery-code/reset", sudo, Map.of()), 409, "Conflict", "2FA_IS_DISABLED");
        assertError(api.get("/2fa/recovery-code/next-guess", enrolled.access()), 409, "Conflict",
                "RECOVERY_CODES_UNINITIALIZED");
    }

    @Test
    void wrongCodesLockTheUserOut() {
        packLimiterAlone(() -> {
            Enrolled enrolled = enrol();
            for (int i = 0; i < 5; i++) {
                assertError(api.post("/2fa/recovery-code/authenticate", enrolled.access(),
                        Map.of("recoveryCode", "zzzzzzzzzzzzzzz" + i)), 401, "Unauthorized", "RECOVERY_CODE_INVALID");
            }
            long wait = ok(api.get("/2fa/recovery-code/next-guess", enrolled.access())).get("duration").asLong();
            assertTrue(wait > 55 && wait <= 60, "wait " + wait);
            long retryAfter = assertTooManyRequests(api.post("/2fa/recovery-code/authenticate", enrolled.access(),
                    Map.of("recoveryCode", enrolled.code(0))), "TOO_MANY_RECOVERY_CODE_CHECKS");
            assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);
        });
    }

    @Test
    void aBrowserLoginWithARecoveryCodeWarnsWhenFewAreLeft() {
        Enrolled enrolled = enrol();
        for (int i = 0; i < 7; i++) {
            ok(api.post("/2fa/recovery-code/authenticate", enrolled.access(), Map.of("recoveryCode", enrolled.code(i))));
        }
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.password(enrolled.user().username(), enrolled.user().password());
            assertTrue(browser.hasElement("kc-otp-login-form"), browser.describe());
            browser.tryAnotherWay("Recovery code");
            assertTrue(browser.hasElement("kcpack-recovery-code-form"), browser.describe());

            browser.submit("kcpack-recovery-code-form", "recoveryCode", enrolled.code(0));
            assertTrue(browser.text().contains("Invalid recovery code"), browser.describe());
            JsonNode bruteForce = env.admin().send("GET", "/admin/realms/" + realm
                    + "/attack-detection/brute-force/users/" + enrolled.user().id(), null).json();
            assertEquals(1, bruteForce.get("numFailures").asInt(), "counted by Keycloak: " + bruteForce);

            browser.submit("kcpack-recovery-code-form", "recoveryCode", enrolled.code(8));
            assertTrue(browser.text().contains("You have 2 recovery codes left"), browser.describe());
            browser.submit("kcpack-recovery-codes-low-form");
            assertTrue(browser.loggedIn(), browser.describe());
        }
    }
}
