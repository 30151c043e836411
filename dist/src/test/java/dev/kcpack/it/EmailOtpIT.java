package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.AccountConsole;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Email OTP over REST (operations #1, #4, #5, #8, #12, #20) with real mail in GreenMail. */
class EmailOtpIT extends RealmTestBase {

    /** Short cooldown, so one test can send several mails without waiting a minute. */
    private static final int FAST_COOLDOWN = 2;

    private String fastRealm;

    @BeforeAll
    void fastRealm() {
        this.fastRealm = env.newRealm();
        env.admin().setPackSettings(fastRealm, Map.of("mailCooldownSeconds", Integer.toString(FAST_COOLDOWN)));
    }

    private MimeMessage mailAfter(String address, Runnable action) {
        int seen = inbox.count(address);
        action.run();
        return inbox.awaitNew(address, seen);
    }

    private static void coolDown() {
        try {
            Thread.sleep(FAST_COOLDOWN * 1000L + 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A user of the fast realm with email OTP on: its access token and recovery codes. */
    record Enrolled(TestUser user, String access, JsonNode recoveryCodes) {
    }

    private Enrolled enrolInFastRealm() {
        UserApi api = new UserApi(env, fastRealm);
        TestUser user = env.newUser(fastRealm);
        String access = env.accessToken(user);
        MimeMessage setup = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        JsonNode codes = ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup)))).get("recoveryCodes");
        coolDown();
        return new Enrolled(user, access, codes);
    }

    @Test
    void setupEnableChallengeAuthenticateAndDelete() {
        UserApi api = new UserApi(env, fastRealm);
        TestUser user = env.newUser(fastRealm);
        String access = env.accessToken(user);

        MimeMessage setup = mailAfter(user.email(),
                () -> assertEquals("null", ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))).toString()));
        assertTrue(Inbox.subject(setup).contains("confirm your email address"), Inbox.subject(setup));
        assertTrue(Inbox.text(setup).contains("valid for 10 minutes"), Inbox.text(setup));
        assertTrue(Inbox.text(setup).contains("Did not ask for this code?"), Inbox.text(setup));
        assertFalse(ok(api.get("/2fa", access)).get("enabled").asBoolean(), "pending is not active");

        JsonNode codes = ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup)))).get("recoveryCodes");
        assertEquals(10, codes.size());
        JsonNode status = ok(api.get("/2fa", access));
        assertTrue(status.get("enabled").asBoolean());
        assertEquals(user.email(), status.at("/emailOtp/email").asText());
        assertFalse(status.at("/emailOtp/completedAt").asText().isEmpty(), status.toString());

        coolDown();
        MimeMessage challenge = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/challenge", access, Map.of())));
        assertTrue(Inbox.subject(challenge).contains("your sign-in code"), Inbox.subject(challenge));
        long wait = ok(api.get("/2fa/email-otp/next-email", access)).get("duration").asLong();
        assertTrue(wait > 0 && wait <= FAST_COOLDOWN, "cooldown " + wait);

        String sudo = ok(api.post("/2fa/email-otp/authenticate", access, Map.of("otp", Inbox.code(challenge))))
                .get("sudoToken").asText();
        assertError(api.post("/2fa/email-otp/authenticate", access, Map.of("otp", Inbox.code(challenge))),
                401, "Unauthorized", "OTP_INVALID_EXPIRED");

        assertError(api.delete("/2fa/email-otp", access), 401, "Unauthorized", "SUDO_TOKEN_REQUIRED");
        assertError(api.delete("/2fa/totp", sudo), 409, "Conflict", "TOTP_ALREADY_INACTIVE");
        assertEquals("null", ok(api.delete("/2fa/email-otp", sudo)).toString());
        assertEquals(Http.JSON.createObjectNode().put("enabled", false), ok(api.get("/2fa", access)));
        // The sudo token proved the email code, which is gone now: it is void.
        assertError(api.delete("/2fa/email-otp", sudo), 401, "Unauthorized", "INVALID_TOKEN");
    }

    @Test
    void emailOtpIsACredentialTheConsolesShowAndRemove() {
        Enrolled enrolled = enrolInFastRealm();
        // the Account Console's own token: the demo app's tokens have no account roles
        AccountConsole console = new AccountConsole(env, fastRealm);
        String consoleToken;
        try (BrowserLogin browser = new BrowserLogin().go(console.authorizationUrl())) {
            int seen = inbox.count(enrolled.user().email());
            browser.password(enrolled.user().username(), enrolled.user().password());
            MimeMessage code = inbox.awaitNew(enrolled.user().email(), seen);
            browser.submit("kcpack-email-otp-form", "otp", Inbox.code(code));
            consoleToken = console.accessToken(browser);
        }
        Http.Answer account = console.rest("GET", "/credentials", consoleToken, null);
        assertEquals(200, account.status(), account.body());
        JsonNode emailOtpType = null;
        for (JsonNode type : account.json()) {
            if (type.get("type").asText().equals("kcpack-email-otp")) {
                emailOtpType = type;
            }
        }
        assertTrue(emailOtpType != null, "Account Console lists the type: " + account.body());
        assertEquals("two-factor", emailOtpType.get("category").asText());
        assertTrue(emailOtpType.get("removeable").asBoolean());
        assertEquals(1, emailOtpType.get("userCredentialMetadatas").size(), emailOtpType.toString());

        JsonNode credentials = env.admin().send("GET",
                "/admin/realms/" + fastRealm + "/users/" + enrolled.user().id() + "/credentials", null).json();
        String id = null;
        for (JsonNode credential : credentials) {
            if (credential.get("type").asText().equals("kcpack-email-otp")) {
                id = credential.get("id").asText();
                assertEquals(enrolled.user().email(), credential.get("userLabel").asText());
            }
        }
        assertTrue(id != null, "admin console lists it: " + credentials);
        assertEquals(204, env.admin().send("DELETE", "/admin/realms/" + fastRealm + "/users/"
                + enrolled.user().id() + "/credentials/" + id, null).status());
        assertFalse(ok(new UserApi(env, fastRealm).get("/2fa", enrolled.access())).get("enabled").asBoolean());
    }

    @Test
    void errorRowsOfTheSixOperations() {
        UserApi api = new UserApi(env, realm);
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertError(api.post("/2fa/email-otp/enable", access, Map.of("otp", "123456")), 409, "Conflict",
                "EMAIL_OTP_UNINITIALIZED");
        assertError(api.post("/2fa/email-otp/challenge", access, Map.of()), 409, "Conflict", "EMAIL_OTP_UNINITIALIZED");
        assertError(api.get("/2fa/email-otp/next-email", access), 409, "Conflict", "EMAIL_OTP_UNINITIALIZED");
        assertError(api.post("/2fa/email-otp/authenticate", access, Map.of("otp", "123456")), 409, "Conflict",
                "EMAIL_OTP_INACTIVE");
        assertError(api.post("/2fa/email-otp/setup", access, Map.of("email", "not-an-address")), 400, "Bad Request",
                "Invalid email address");
        assertError(api.post("/2fa/email-otp/setup", access, Map.of()), 400, "Bad Request",
                "body must have required property 'email'");
        assertError(api.post("/2fa/email-otp/setup", access, Map.of("email", "someone@mailinator.com")), 403,
                "Forbidden", "FORBIDDEN_MAIL_PROVIDER");
        assertError(api.post("/2fa/email-otp/setup?language=eng", access, Map.of("email", user.email())), 400,
                "Bad Request", "language must be 2 letters");

        int before = inbox.count(user.email());
        assertError(api.post("/2fa/email-otp/setup?origin=nobody-knows", access, Map.of("email", user.email())), 500,
                "Internal server error", "UNABLE_TO_FIND_MAIL_TEMPLATE");
        MimeMessage setup = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        assertEquals(before + 1, inbox.count(user.email()), "the refused origin sent nothing");

        String wrong = Inbox.code(setup).equals("000000") ? "111111" : "000000";
        assertError(api.post("/2fa/email-otp/enable", access, Map.of("otp", wrong)), 401, "Unauthorized",
                "OTP_INVALID_EXPIRED");
        assertError(api.post("/2fa/email-otp/enable", access, Map.of("otp", "12345")), 400, "Bad Request",
                "otp must be a string of 6 digits");
    }

    @Test
    void oneMailPerMinute() {
        UserApi api = new UserApi(env, realm);
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        MimeMessage setup = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        long retryAfter = assertTooManyRequests(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())),
                "TOO_MANY_OTP_EMAILS");
        assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))));
        assertTooManyRequests(api.post("/2fa/email-otp/challenge", access, Map.of()), "TOO_MANY_OTP_EMAILS");
        long first = ok(api.get("/2fa/email-otp/next-email", access)).get("duration").asLong();
        sleep(2_100);
        long later = ok(api.get("/2fa/email-otp/next-email", access)).get("duration").asLong();
        assertTrue(later < first && later >= first - 4, "counts down: " + first + " then " + later);
    }

    @Test
    void codesExpire() {
        String shortRealm = env.newRealm();
        env.admin().setPackSettings(shortRealm, Map.of("emailCodeLifespan", "2"));
        UserApi api = new UserApi(env, shortRealm);
        TestUser user = env.newUser(shortRealm);
        String access = env.accessToken(user);
        MimeMessage setup = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        sleep(3_500);
        Http.Answer late = api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup)));
        assertEquals(409, late.status(), "an expired setup is no longer pending: " + late.body());
        assertEquals("EMAIL_OTP_UNINITIALIZED", late.json().get("message").asText());
    }

    @Test
    void aCodeDiesAfterFiveWrongTries() {
        String patientRealm = env.newRealm();
        env.admin().setPackSettings(patientRealm, Map.of("freeFailures", "50",
                "mailCooldownSeconds", "1"));
        env.admin().setBruteForceProtected(patientRealm, false);
        UserApi api = new UserApi(env, patientRealm);
        TestUser user = env.newUser(patientRealm);
        String access = env.accessToken(user);
        MimeMessage setup = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))));
        sleep(1_200);
        MimeMessage challenge = mailAfter(user.email(), () -> ok(api.post("/2fa/email-otp/challenge", access, Map.of())));
        String right = Inbox.code(challenge);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertError(api.post("/2fa/email-otp/authenticate", access, Map.of("otp", wrong)), 401, "Unauthorized",
                    "OTP_INVALID_EXPIRED");
        }
        assertError(api.post("/2fa/email-otp/authenticate", access, Map.of("otp", right)), 401, "Unauthorized",
                "OTP_INVALID_EXPIRED");
    }

    @Test
    void wrongCodesCountInTheLimiter() {
        packLimiterAlone(() -> {
            Enrolled enrolled = enrolInFastRealm();
            UserApi api = new UserApi(env, fastRealm);
            for (int i = 0; i < 5; i++) {
                api.post("/2fa/email-otp/authenticate", enrolled.access(), Map.of("otp", "000000"));
            }
            assertTooManyRequests(api.post("/2fa/email-otp/authenticate", enrolled.access(), Map.of("otp", "000000")),
                    "TOO_MANY_OTP_CHECKS");
        });
    }

    @Test
    void twoOriginsMakeTwoDifferentMails() {
        UserApi api = new UserApi(env, fastRealm);
        TestUser user = env.newUser(fastRealm);
        String access = env.accessToken(user);
        MimeMessage acme = mailAfter(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup?origin=acme-web", access, Map.of("email", user.email()))));
        coolDown();
        MimeMessage globex = mailAfter(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup?origin=globex-mobile", access, Map.of("email", user.email()))));
        assertEquals("Acme Accounts", Inbox.senderName(acme));
        assertEquals("Globex Security", Inbox.senderName(globex));
        assertTrue(Inbox.subject(acme).startsWith("Acme:"), Inbox.subject(acme));
        assertTrue(Inbox.subject(globex).startsWith("Globex Go:"), Inbox.subject(globex));
        assertTrue(Inbox.html(acme).contains("#d9480f") && Inbox.html(acme).contains("https://app.acme.example"));
        assertTrue(Inbox.html(globex).contains("#2b8a3e") && Inbox.html(globex).contains("https://go.globex.example"));
        assertNotEquals(Inbox.html(acme), Inbox.html(globex));
    }

    @Test
    void theLanguageParameterTranslatesTheMail() {
        UserApi api = new UserApi(env, fastRealm);
        TestUser user = env.newUser(fastRealm);
        String access = env.accessToken(user);
        MimeMessage dutch = mailAfter(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup?language=nl", access, Map.of("email", user.email()))));
        coolDown();
        MimeMessage german = mailAfter(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup?language=de", access, Map.of("email", user.email()))));
        coolDown();
        MimeMessage unknown = mailAfter(user.email(),
                () -> ok(api.post("/2fa/email-otp/setup?language=xx", access, Map.of("email", user.email()))));
        assertTrue(Inbox.subject(dutch).endsWith("bevestig je e-mailadres"), Inbox.subject(dutch));
        assertTrue(Inbox.text(dutch).contains("werkt maar één keer"), Inbox.text(dutch));
        assertTrue(Inbox.subject(german).endsWith("Bestätigen Sie Ihre E-Mail-Adresse"), Inbox.subject(german));
        assertTrue(Inbox.subject(unknown).endsWith("confirm your email address"), "falls back to English");
    }

    @Test
    void aUserWithEmailOtpLogsInOverTheApiInTwoSteps() {
        Enrolled enrolled = enrolInFastRealm();
        UserApi api = new UserApi(env, fastRealm);
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
                "username", enrolled.user().username(), "password", enrolled.user().password()));
        Http.Answer first = Http.send(Http.request(env.baseUrl() + "/realms/" + fastRealm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(Http.form(form)).build());
        assertEquals(401, first.status(), first.body());
        assertEquals(List.of("emailOtp", "recoveryCode"), Http.JSON.convertValue(first.json().get("methods"), List.class));
        String partial = first.json().get("partialAuthToken").asText();

        MimeMessage challenge = mailAfter(enrolled.user().email(),
                () -> ok(api.post("/2fa/email-otp/challenge", partial, Map.of())));
        assertTrue(ok(api.get("/2fa/email-otp/next-email", partial)).get("duration").asLong() > 0);
        JsonNode tokens = ok(api.post("/2fa/email-otp/authenticate", partial, Map.of("otp", Inbox.code(challenge))));
        assertTrue(ok(api.get("/2fa", tokens.get("accessToken").asText())).get("enabled").asBoolean());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
