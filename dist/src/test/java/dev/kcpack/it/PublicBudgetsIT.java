package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Burst;
import dev.kcpack.testing.KeycloakExtension;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 31, item 1: the doors anyone may knock on take a budget of requests per client address
 * (as Keycloak sees it behind its proxy: here X-Forwarded-For) and one for the whole realm, a
 * minute each. An attacker who spreads guesses over many account addresses meets the budget of
 * their own address; many addresses together meet the realm's, and the admin is told once. Each
 * test on a realm of its own, so that no test meets another's counts.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicBudgetsIT {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+([0-9.Ee+-]+)$", Pattern.MULTILINE);

    private TestEnvironment env;

    @BeforeAll
    void environment(TestEnvironment environment) {
        this.env = environment;
    }

    private record Realm(String name, UserApi api) {
    }

    private Realm realm(Map<String, String> settings) {
        String name = env.newRealm();
        env.admin().setBruteForceProtected(name, false);
        env.admin().setPackSettings(name, settings);
        return new Realm(name, new UserApi(env, name));
    }

    private static Http.Answer checkCode(UserApi api, String account) {
        return api.post("/password/reset/validate", null, Map.of("email", account, "otp", "000000"));
    }

    private static long count(List<Http.Answer> answers, int status, String message) {
        return answers.stream().filter(a -> a.status() == status && message.equals(Burst.message(a))).count();
    }

    private static void assertRefusedForTheMinute(Http.Answer answer, String message) {
        long retryAfter = assertTooManyRequests(answer, message);
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After within the minute: " + retryAfter);
    }

    @Test
    void oneClientGuessingAcrossManyAccountsMeetsTheBudgetOfItsAddress() {
        Realm realm = realm(Map.of("resetCodeChecksPerAddress", "4", "resetCodeChecksPerRealm", "1000"));
        UserApi attacker = realm.api().from("203.0.113.7");
        Burst.awaitRoomInTheMinute();
        List<Http.Answer> answers = Burst.fire("wrong reset codes over 12 accounts from one address", 12,
                i -> checkCode(attacker, "victim-" + i + "@example.test"));
        assertAll(
                () -> assertEquals(4, count(answers, 401, "OTP_INVALID_EXPIRED"), Burst.histogram(answers)),
                () -> assertEquals(8, count(answers, 429, "TOO_MANY_OTP_CHECKS"), Burst.histogram(answers)));
        answers.stream().filter(a -> a.status() == 429).forEach(a -> assertRefusedForTheMinute(a, "TOO_MANY_OTP_CHECKS"));
        // The budget is the door's, whichever operation: setting a password with a code shares it.
        assertRefusedForTheMinute(attacker.send("PUT", "/password/otp", null, Map.of("userEmail", "untried@example.test",
                "otp", "000000", "newPassword", "Another-pass-1")), "TOO_MANY_OTP_CHECKS");
        // Another client is not held back by this one's budget. (Each check names an account of its own,
        // so that the gate of an account, 5 free failures, does not answer instead of the budget.)
        assertEquals(401, checkCode(realm.api().from("203.0.113.8"), "other-0@example.test").status());
        // IPv6: one client owns its /64, so its addresses share one budget.
        for (int i = 1; i <= 4; i++) {
            assertEquals(401, checkCode(realm.api().from("2001:db8:0:1::" + i), "other-" + i + "@example.test").status());
        }
        assertRefusedForTheMinute(checkCode(realm.api().from("2001:db8:0:1:ffff::5"), "other-5@example.test"),
                "TOO_MANY_OTP_CHECKS");
        assertEquals(401, checkCode(realm.api().from("2001:db8:0:2::1"), "other-6@example.test").status());
    }

    @Test
    void manyClientsTogetherMeetTheRealmsBudgetAndTheAdminIsToldOnce() throws IOException {
        Realm realm = realm(Map.of("resetCodeChecksPerAddress", "100", "resetCodeChecksPerRealm", "6"));
        Burst.awaitRoomInTheMinute();
        List<Http.Answer> answers = Burst.fire("wrong reset codes from 20 addresses", 20,
                i -> checkCode(realm.api().from("198.51.100." + (i + 1)), "victim-" + i + "@example.test"));
        assertAll(
                () -> assertEquals(6, count(answers, 401, "OTP_INVALID_EXPIRED"), Burst.histogram(answers)),
                () -> assertEquals(14, count(answers, 429, "TOO_MANY_OTP_CHECKS"), Burst.histogram(answers)));
        answers.stream().filter(a -> a.status() == 429).forEach(a -> assertRefusedForTheMinute(a, "TOO_MANY_OTP_CHECKS"));
        // One more address, later in the same minute: still refused; the other doors keep their own budgets.
        assertRefusedForTheMinute(checkCode(realm.api().from("198.51.100.99"), "victim-99@example.test"),
                "TOO_MANY_OTP_CHECKS");
        assertEquals(200, realm.api().from("198.51.100.99").post("/password/reset/send", null,
                Map.of("email", "victim-0@example.test")).status());

        String metrics = Http.send(Http.request(env.managementUrl() + "/metrics").GET().build()).body();
        assertEquals(15, sample(metrics, realm.name(), "kcpack_budget_refusals_total", "door", "reset_code_check",
                "scope", "realm"));
        String warning = "realm " + realm.name() + ": the realm-wide budget of reset_code_check";
        long warnings = Files.readAllLines(env.keycloakLog()).stream()
                .filter(line -> line.contains("WARN") && line.contains(warning)).count();
        assertEquals(1, warnings, "one warning for the spent budget, not one per refused request");
    }

    @Test
    void resetMailsHaveABudgetPerAddressAcrossTheTwoOperations() {
        Realm realm = realm(Map.of("resetMailsPerAddress", "2"));
        UserApi sender = realm.api().from("192.0.2.44");
        Burst.awaitRoomInTheMinute();
        List<Http.Answer> answers = Burst.fire("reset mails to 6 addresses from one client", 6,
                i -> sender.post("/password/reset/send", null, Map.of("email", "someone-" + i + "@example.test")));
        assertAll(
                () -> assertEquals(2, answers.stream().filter(a -> a.status() == 200).count(), Burst.histogram(answers)),
                () -> assertEquals(4, count(answers, 429, "TOO_MANY_RESET_MAIL_ATTEMPTS"), Burst.histogram(answers)));
        assertRefusedForTheMinute(sender.post("/password/forgot", null, Map.of("email", "someone-9@example.test")),
                "TOO_MANY_RESET_MAIL_ATTEMPTS");
        assertEquals(200, realm.api().from("192.0.2.45").post("/password/forgot", null,
                Map.of("email", "someone-9@example.test")).status());
    }

    @Test
    void keycloaksForgotPasswordPageSharesTheBudgetOfResetMails() {
        Realm realm = realm(Map.of("resetMailsPerAddress", "1"));
        TestUser user = env.newUser(realm.name());
        Burst.awaitRoomInTheMinute();
        // The login page's "Forgot password?" (Keycloak's reset mail, budgeted): the first is sent...
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm.name())) {
            browser.followLinkTo("reset-credentials").submit("kc-reset-password-form", "username", user.username());
            assertEquals(200, browser.status(), browser.describe());
            assertTrue(browser.text().contains("You should receive an email shortly"), browser.describe());
        }
        // ...the next from the same address is not, whoever it names, and the API's reset mails share the budget.
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm.name())) {
            browser.followLinkTo("reset-credentials").submit("kc-reset-password-form", "username", "nobody-at-all");
            assertEquals(429, browser.status(), browser.describe());
            assertTrue(browser.text().contains("Failed to send email"), browser.describe());
        }
        assertRefusedForTheMinute(realm.api().post("/password/forgot", null, Map.of("email", user.email())),
                "TOO_MANY_RESET_MAIL_ATTEMPTS");
    }

    @Test
    void passkeySignInOptionsAndAnswersShareABudgetPerAddress() {
        Realm realm = realm(Map.of("passkeySignIn", "true", "passkeySignInsPerAddress", "3"));
        UserApi app = realm.api().from("192.0.2.80");
        Burst.awaitRoomInTheMinute();
        for (int i = 0; i < 3; i++) {
            JsonNode options = ok(app.post("/passkey/sign-in/options", null, Map.of("clientId", PackStack.CLIENT_ID)));
            assertTrue(options.hasNonNull("challengeId"));
        }
        assertRefusedForTheMinute(app.post("/passkey/sign-in/options", null, Map.of("clientId", PackStack.CLIENT_ID)),
                "TOO_MANY_PASSKEY_CHECKS");
        assertRefusedForTheMinute(app.post("/passkey/sign-in", null, Map.of("clientId", PackStack.CLIENT_ID,
                "challengeId", "x", "credential", Map.of())), "TOO_MANY_PASSKEY_CHECKS");
        assertEquals(200, realm.api().from("192.0.2.81").post("/passkey/sign-in/options", null,
                Map.of("clientId", PackStack.CLIENT_ID)).status());
    }

    @Test
    void budgetsCanBeSwitchedOffAndRefuseNonsense() {
        Realm realm = realm(Map.of("resetCodeChecksPerAddress", "0", "resetCodeChecksPerRealm", "0"));
        UserApi client = realm.api().from("192.0.2.90");
        Burst.awaitRoomInTheMinute();
        List<Http.Answer> answers = Burst.fire("wrong reset codes with no budget", 30,
                i -> checkCode(client, "victim-" + i + "@example.test"));
        assertEquals(30, count(answers, 401, "OTP_INVALID_EXPIRED"), Burst.histogram(answers));
        assertEquals(400, env.admin().changePackSettings(realm.name(), Map.of("resetCodeChecksPerRealm", "-1")).status());
        assertEquals(400, env.admin().changePackSettings(realm.name(), Map.of("resetMailsPerAddress", "many")).status());
    }

    /** The value of the sample {@code name} of {@code realm} with these labels (name, value, ...). */
    private static double sample(String metrics, String realm, String name, String... labels) {
        Matcher sample = SAMPLE.matcher(metrics);
        double found = 0;
        while (sample.find()) {
            String given = sample.group(2);
            boolean matches = sample.group(1).equals(name) && given.contains("realm=\"" + realm + "\"");
            for (int i = 0; i < labels.length; i += 2) {
                matches &= given.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                found += Double.parseDouble(sample.group(3));
            }
        }
        return found;
    }
}
