package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.testing.Burst;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.Waits;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;

/**
 * Concurrent attacks on the limits of contract sections 5 and 6, through the HTTP API
 * only: bursts of requests released together must not get more guesses than the limiter
 * and the per-code tries allow, must not use a single-use thing twice, and must not send
 * more than one mail per cooldown. Sequential tests (TotpIT, PasswordIT, ...) pass even
 * when these checks are read-then-write races; these do not.
 *
 * <p>Every test has its own user. The realm defaults apply (5 free failures per user and
 * factor, 5 wrong tries per emailed code, one mail per 60 s), except that email-OTP users
 * are enrolled in a realm with a 2 s mail cooldown, so a challenge may follow the setup
 * mail without waiting a minute.
 */
class ConcurrentAttackIT extends RealmTestBase {

    /** Concurrent wrong guesses per door. */
    private static final int GUESSES = 40;
    /** Concurrent uses of one single-use thing. */
    private static final int RACERS = 40;
    /** Concurrent requests for a mail. */
    private static final int MAILERS = 50;
    /** The realm default: wrong guesses per user and factor before the lock, and wrong tries per emailed code. */
    private static final int FREE_FAILURES = 5;
    /** Mail cooldown of the realm where email-OTP users are enrolled. */
    private static final int FAST_COOLDOWN = 2;

    /**
     * HTTP/1.1, so each request of a burst has a connection of its own and none waits for
     * an HTTP/2 upgrade of another; the JDK client opens as many as are in flight.
     */
    private static final HttpClient BURST_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private String fastRealm;
    private UserApi fastApi;

    @BeforeAll
    void fastRealm() {
        // Bursts of one client at the gates behind the public doors, not at their budgets (PublicBudgetsIT).
        env.admin().withoutDoorBudgets(realm);
        fastRealm = env.newRealm();
        env.admin().withoutDoorBudgets(fastRealm);
        env.admin().setPackSettings(fastRealm, Map.of("mailCooldownSeconds", Integer.toString(FAST_COOLDOWN)));
        fastApi = new UserApi(env, fastRealm);
    }

    /** The running test, named in the log line of each burst. */
    private static volatile String currentTest = "";

    @BeforeEach
    void name(TestInfo test) {
        currentTest = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
    }

    // ---------------------------------------------------------------- 1. wrong-guess bursts

    @Test
    void totpWrongGuessBurst() {
        WithTotp user = enrolTotp();
        List<String> wrong = wrongTotpCodes(user.app(), GUESSES + FREE_FAILURES + 1);
        IntFunction<Http.Answer> guess =
                i -> call(realm, "POST", "/2fa/totp/authenticate", user.access(), Map.of("totp", wrong.get(i)));
        List<Http.Answer> answers = spendTheRest(burst(GUESSES, guess), guess, "TOO_MANY_TOTP_CHECKS");
        long nextGuess = ok(api.get("/2fa/totp/next-guess", user.access())).get("duration").asLong();
        assertWrongGuessBurst("totp", answers, "TOTP_INVALID", "TOO_MANY_TOTP_CHECKS",
                () -> assertTrue(nextGuess > 0, "totp: next-guess duration after the burst is " + nextGuess));
    }

    @Test
    void recoveryCodeWrongGuessBurst() {
        WithTotp user = enrolTotp();
        IntFunction<Http.Answer> guess = i -> call(realm, "POST", "/2fa/recovery-code/authenticate",
                user.access(), Map.of("recoveryCode", String.format("zzzzzzzzzzzz%04d", i)));
        List<Http.Answer> answers = spendTheRest(burst(GUESSES, guess), guess, "TOO_MANY_RECOVERY_CODE_CHECKS");
        long nextGuess = ok(api.get("/2fa/recovery-code/next-guess", user.access())).get("duration").asLong();
        assertWrongGuessBurst("recovery code", answers, "RECOVERY_CODE_INVALID", "TOO_MANY_RECOVERY_CODE_CHECKS",
                () -> assertTrue(nextGuess > 0, "recovery code: next-guess duration after the burst is " + nextGuess));
    }

    @Test
    void emailOtpWrongGuessBurst() {
        WithEmailOtp user = enrolEmailOtp(fastRealm);
        String right = Inbox.code(mailAfter(user.user().email(),
                () -> ok(fastApi.post("/2fa/email-otp/challenge", user.access(), Map.of()))));
        List<String> wrong = wrongSixDigitCodes(right, GUESSES + FREE_FAILURES + 1);
        IntFunction<Http.Answer> guess = i -> call(fastRealm, "POST", "/2fa/email-otp/authenticate",
                user.access(), Map.of("otp", wrong.get(i)));
        List<Http.Answer> answers = spendTheRest(burst(GUESSES, guess), guess, "TOO_MANY_OTP_CHECKS");
        Http.Answer rightAfter = fastApi.post("/2fa/email-otp/authenticate", user.access(), Map.of("otp", right));
        assertWrongGuessBurst("email OTP", answers, "OTP_INVALID_EXPIRED", "TOO_MANY_OTP_CHECKS",
                () -> assertNotEquals(200, rightAfter.status(),
                        "email OTP: the mailed code still worked after the burst: " + rightAfter.body()));
    }

    @Test
    void oldPasswordWrongGuessBurst() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        List<Http.Answer> answers = burst(GUESSES, i -> call(realm, "PUT", "/password/old-password", access,
                Map.of("oldPassword", "Wrong-password-" + i, "newPassword", "Burst-new-pass-1")));
        assertWrongGuessBurst("old password", answers, "PASSWORD_INCORRECT", "TOO_MANY_FAILED_PASSWORD_CHECKS");
    }

    @Test
    void passwordResetCodeWrongGuessBurst() {
        TestUser user = env.newUser(realm);
        String right = Inbox.code(mailAfter(user.email(),
                () -> ok(api.post("/password/reset/send", null, Map.of("email", user.email())))));
        List<String> wrong = wrongSixDigitCodes(right, GUESSES + FREE_FAILURES + 1);
        IntFunction<Http.Answer> guess = i -> call(realm, "POST", "/password/reset/validate", null,
                Map.of("email", user.email(), "otp", wrong.get(i)));
        List<Http.Answer> answers = spendTheRest(burst(GUESSES, guess), guess, "TOO_MANY_OTP_CHECKS");
        Http.Answer validateAfter = api.post("/password/reset/validate", null, Map.of("email", user.email(), "otp", right));
        Http.Answer resetAfter = api.send("PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", right, "newPassword", "Taken-over-pass-1"));
        assertWrongGuessBurst("password reset code", answers, "OTP_INVALID_EXPIRED", "TOO_MANY_OTP_CHECKS",
                () -> assertNotEquals(200, validateAfter.status(),
                        "reset: the mailed code still validated after the burst: " + validateAfter.body()),
                () -> assertNotEquals(200, resetAfter.status(),
                        "reset: the mailed code still reset the password after the burst: " + resetAfter.body()));
    }

    @Test
    void emailTransferCodeWrongGuessBurst() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        String newAddress = freshAddress("transfer");
        String right = Inbox.code(mailAfter(newAddress,
                () -> ok(api.post("/email/initiate", access, Map.of("email", newAddress)))));
        List<String> wrong = wrongSixDigitCodes(right, GUESSES + FREE_FAILURES + 1);
        IntFunction<Http.Answer> guess = i -> call(realm, "PUT", "/email", access, Map.of("otp", wrong.get(i)));
        List<Http.Answer> answers = spendTheRest(burst(GUESSES, guess), guess, "TOO_MANY_OTP_CHECKS");
        Http.Answer rightAfter = api.send("PUT", "/email", access, Map.of("otp", right));
        String emailAfter = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id(), null)
                .json().get("email").asText();
        assertWrongGuessBurst("email transfer code", answers, "OTP_INVALID_EXPIRED", "TOO_MANY_OTP_CHECKS",
                () -> assertNotEquals(200, rightAfter.status(),
                        "transfer: the mailed code still moved the address after the burst: " + rightAfter.body()),
                () -> assertEquals(user.email(), emailAfter, "transfer: the account's address after the burst"));
    }

    // ---------------------------------------------------------------- 2. single use under a race

    @Test
    void oneRecoveryCodeSentManyTimesAtOnceWorksOnce() {
        WithTotp user = enrolTotp();
        String code = user.code(0);
        List<Http.Answer> answers = burst(RACERS, () -> call(realm, "POST", "/2fa/recovery-code/authenticate",
                user.access(), Map.of("recoveryCode", code)));
        Http.Answer status = api.get("/2fa", user.access());
        Http.Answer later = api.post("/2fa/recovery-code/authenticate", user.access(), Map.of("recoveryCode", code));
        assertAll("the same recovery code " + RACERS + " times at once: " + histogram(answers),
                () -> assertNo5xx("recovery code race", answers),
                () -> assertEquals(1, count(answers, a -> a.status() == 200),
                        "recovery code race: number of 200s " + histogram(answers)),
                () -> assertTrue(answers.stream().filter(a -> a.status() == 200)
                        .allMatch(a -> !a.json().path("sudoToken").asText().isEmpty()), "each 200 has a sudoToken"),
                () -> assertAllErrorBodies("recovery code race", answers),
                () -> assertEquals(200, status.status(), "GET /2fa afterwards: " + status.body()),
                () -> assertTrue(status.status() != 200 || status.json().path("enabled").asBoolean(),
                        "GET /2fa afterwards: " + status.body()),
                () -> assertNotEquals(200, later.status(), "the code worked again later: " + later.body()));
    }

    @Test
    void onePartialTokenRedeemedAtOnceWithDifferentCodesLogsInOnceAndSpendsOneCode() {
        WithTotp user = enrolTotp();
        int racers = 40;
        String partial = env.partialToken(user.user());
        // A user has 10 codes: the 40 requests carry each of them four times, every request a valid code.
        List<Http.Answer> answers = burst(racers, i -> call(realm, "POST", "/2fa/recovery-code/authenticate",
                partial, Map.of("recoveryCode", user.code(i % 10))));

        Set<Integer> winners = new LinkedHashSet<>();
        for (int i = 0; i < racers; i++) {
            if (answers.get(i).status() == 200) {
                winners.add(i % 10);
            }
        }
        List<Integer> losers = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            if (!winners.contains(c)) {
                losers.add(c);
            }
        }
        // A code whose requests all got a non-200 must still log in, in a fresh login.
        Http.Answer freshLogin = losers.isEmpty() ? null
                : env.passwordGrant(user.user(), Map.of("recovery_code", user.code(losers.get(0))));
        // Count what is left of the other codes with an access token (TOTP login, no code spent).
        String access = env.accessTokenWithTotp(user.user(), user.app().code());
        Map<String, Integer> leftOver = new TreeMap<>();
        int remaining = freshLogin != null && freshLogin.status() == 200 ? 1 : 0;
        for (int c = 0; c < 10; c++) {
            if (!losers.isEmpty() && c == losers.get(0)) {
                continue;
            }
            Http.Answer answer = api.post("/2fa/recovery-code/authenticate", access, Map.of("recoveryCode", user.code(c)));
            leftOver.put("code " + c + (winners.contains(c) ? " (won)" : ""), answer.status());
            if (answer.status() == 200) {
                remaining++;
            }
        }
        int remainingCodes = remaining;
        System.out.printf("[burst] %s: codes of the 200s %s, fresh login with losing code %s: %s, others %s, left %d%n",
                currentTest, winners, losers.isEmpty() ? "-" : losers.get(0),
                freshLogin == null ? "-" : freshLogin.status(), leftOver, remainingCodes);
        assertAll("one partial token, " + racers + " requests at once with valid codes: " + histogram(answers)
                        + "; codes of the 200s " + winners,
                () -> assertNo5xx("partial token race", answers),
                () -> assertEquals(1, count(answers, a -> a.status() == 200),
                        "partial token race: number of 200s " + histogram(answers)),
                () -> assertTrue(answers.stream().filter(a -> a.status() == 200)
                        .allMatch(a -> !a.json().path("accessToken").asText().isEmpty()), "each 200 has an accessToken"),
                () -> assertAllErrorBodies("partial token race", answers),
                () -> assertTrue(freshLogin != null && freshLogin.status() == 200,
                        "a code that lost the race (code " + (losers.isEmpty() ? "none" : losers.get(0))
                                + ") in a fresh login: " + (freshLogin == null ? "no such code" : freshLogin.status()
                                + " " + freshLogin.body())),
                () -> assertEquals(9, remainingCodes, "codes left of 10 after the race (one spent): " + remainingCodes
                        + "; fresh login with a losing code " + (freshLogin == null ? "-" : freshLogin.status())
                        + ", the others with an access token " + leftOver));
    }

    @Test
    void oneTotpCodeSentManyTimesAtOnceWorksOnce() {
        WithTotp user = enrolTotp();
        String code = user.app().code();
        List<Http.Answer> answers = burst(RACERS,
                () -> call(realm, "POST", "/2fa/totp/authenticate", user.access(), Map.of("totp", code)));
        assertSingleWinner("TOTP code race", answers, "sudoToken");
    }

    @Test
    void oneEmailOtpCodeSentManyTimesAtOnceWorksOnce() {
        WithEmailOtp user = enrolEmailOtp(fastRealm);
        String code = Inbox.code(mailAfter(user.user().email(),
                () -> ok(fastApi.post("/2fa/email-otp/challenge", user.access(), Map.of()))));
        List<Http.Answer> answers = burst(RACERS,
                () -> call(fastRealm, "POST", "/2fa/email-otp/authenticate", user.access(), Map.of("otp", code)));
        assertSingleWinner("email OTP code race", answers, "sudoToken");
    }

    @Test
    void onePasswordResetCodeSentManyTimesAtOnceResetsOnce() {
        TestUser user = env.newUser(realm);
        String code = Inbox.code(mailAfter(user.email(),
                () -> ok(api.post("/password/reset/send", null, Map.of("email", user.email())))));
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            passwords.add("Race-pass-" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
        }
        List<Http.Answer> answers = burst(RACERS, i -> call(realm, "PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", code, "newPassword", passwords.get(i))));
        List<Executable> extra = new ArrayList<>();
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            if (answers.get(i).status() == 200) {
                winners.add(i);
            }
        }
        if (winners.size() == 1) {
            Http.Answer login = env.passwordGrant(new TestUser(realm, user.id(), user.username(), user.email(),
                    passwords.get(winners.get(0))), Map.of());
            extra.add(() -> assertEquals(200, login.status(), "the winner's new password logs in: " + login.body()));
        }
        assertSingleWinner("password reset code race", answers, null, extra.toArray(Executable[]::new));
    }

    // ---------------------------------------------------------------- 3. mail bursts

    @Test
    void passwordResetMailBurstSendsOneMail() {
        TestUser user = env.newUser(realm);
        List<Http.Answer> answers = burst(MAILERS,
                () -> call(realm, "POST", "/password/reset/send", null, Map.of("email", user.email())));
        int mails = mailsAfterSettling(address -> address.equalsIgnoreCase(user.email()), 0);
        assertMailBurst("password reset mail", answers, "TOO_MANY_RESET_MAIL_ATTEMPTS", mails);
    }

    @Test
    void emailOtpSetupMailBurstSendsOneMail() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        List<Http.Answer> answers = burst(MAILERS,
                () -> call(realm, "POST", "/2fa/email-otp/setup", access, Map.of("email", user.email())));
        int mails = mailsAfterSettling(address -> address.equalsIgnoreCase(user.email()), 0);
        assertMailBurst("email OTP setup mail", answers, "TOO_MANY_OTP_EMAILS", mails);
    }

    @Test
    void emailTransferMailBurstSendsOneMail() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        String prefix = "burst-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // Each request asks for a different new address: the cooldown is per user, not per address.
        List<Http.Answer> answers = burst(MAILERS,
                i -> call(realm, "POST", "/email/initiate", access, Map.of("email", prefix + i + "@example.test")));
        int mails = mailsAfterSettling(address -> address.toLowerCase().startsWith(prefix), 0);
        assertMailBurst("email transfer mail", answers, "TOO_MANY_TRANSFER_ATTEMPTS", mails);
    }

    @Test
    void emailOtpChallengeMailBurstSendsOneMail() {
        // Enrolled under a 2 s cooldown, then the realm goes back to the default minute.
        String challengeRealm = env.newRealm();
        env.admin().setPackSettings(challengeRealm,
                Map.of("mailCooldownSeconds", Integer.toString(FAST_COOLDOWN)));
        WithEmailOtp user = enrolEmailOtp(challengeRealm);
        env.admin().setPackSettings(challengeRealm, Map.of("mailCooldownSeconds", "60"));
        int before = inbox.count(user.user().email());
        List<Http.Answer> answers = burst(MAILERS,
                () -> call(challengeRealm, "POST", "/2fa/email-otp/challenge", user.access(), Map.of()));
        int mails = mailsAfterSettling(address -> address.equalsIgnoreCase(user.user().email()), before);
        assertMailBurst("email OTP challenge mail", answers, "TOO_MANY_OTP_EMAILS", mails);
    }

    // ---------------------------------------------------------------- the burst

    /** Fires {@code n} copies of one request at once; see {@link #burst(int, IntFunction)}. */
    static List<Http.Answer> burst(int n, Supplier<Http.Answer> request) {
        return burst(n, i -> request.get());
    }

    /** Fires requests 0 to n-1 truly at once; see {@link Burst#fire}. */
    static List<Http.Answer> burst(int n, IntFunction<Http.Answer> request) {
        return Burst.fire(currentTest, n, request);
    }

    /** One request to the pack's API of {@code inRealm}, on the burst client. */
    private Http.Answer call(String inRealm, String method, String path, String bearer, Object body) {
        HttpRequest.Builder request = Http.request(env.api(inRealm, path))
                .header("Content-Type", "application/json")
                .method(method, Http.json(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = BURST_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * After a burst the attacker goes on one guess at a time until the door says 429: the
     * burst's refused guesses were not checked, so the free failures it did not spend are
     * spent here, and the assertions then see the whole allowance used — at most
     * {@link #FREE_FAILURES} checked in all, and the door closed at the end.
     */
    private static List<Http.Answer> spendTheRest(List<Http.Answer> burst, IntFunction<Http.Answer> guess,
            String tooMany) {
        List<Http.Answer> all = new ArrayList<>(burst);
        for (int i = 0; i <= FREE_FAILURES; i++) {
            Http.Answer answer = guess.apply(GUESSES + i);
            all.add(answer);
            if (isTooMany(answer, tooMany) || answer.status() >= 500 || answer.status() == 0) {
                return all;
            }
        }
        throw new AssertionError("the door never said 429 " + tooMany + " after " + GUESSES + " + "
                + (FREE_FAILURES + 1) + " wrong guesses: " + histogram(all));
    }

    // ---------------------------------------------------------------- assertions

    /**
     * At most {@link #FREE_FAILURES} guesses were checked (401 with the door's invalid
     * message); every other answer is a 429 with the door's message and retryAfter; no 5xx;
     * every answer has the contract's error body.
     */
    private void assertWrongGuessBurst(String door, List<Http.Answer> answers, String invalid, String tooMany,
            Executable... more) {
        long checked = count(answers, a -> a.status() == 401 && invalid.equals(message(a)));
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertNo5xx(door, answers),
                () -> assertAllErrorBodies(door, answers),
                () -> assertTrue(checked <= FREE_FAILURES, door + ": " + checked + " of " + answers.size()
                        + " wrong guesses were checked (401 " + invalid + "), at most " + FREE_FAILURES
                        + " may be; " + histogram(answers)),
                () -> assertEquals(answers.size() - checked, count(answers, a -> isTooMany(a, tooMany)),
                        door + ": every answer but the checked ones should be 429 " + tooMany
                                + " with retryAfter >= 1 and Retry-After; " + histogram(answers))));
        checks.addAll(Arrays.asList(more));
        assertAll(door + " wrong-guess burst of " + answers.size() + ": " + histogram(answers), checks.stream());
    }

    /** Exactly one 200 (with {@code field} in its body, when given); no 5xx; the rest error bodies. */
    private void assertSingleWinner(String what, List<Http.Answer> answers, String field, Executable... more) {
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertNo5xx(what, answers),
                () -> assertEquals(1, count(answers, a -> a.status() == 200),
                        what + ": number of 200s " + histogram(answers)),
                () -> assertAllErrorBodies(what, answers)));
        if (field != null) {
            checks.add(() -> assertTrue(answers.stream().filter(a -> a.status() == 200)
                    .allMatch(a -> !a.json().path(field).asText().isEmpty()), what + ": each 200 has " + field));
        }
        checks.addAll(Arrays.asList(more));
        assertAll(what + ", " + answers.size() + " at once: " + histogram(answers), checks.stream());
    }

    /** Exactly one mail and one 200; the rest 429 with the door's message and retryAfter; no 5xx. */
    private void assertMailBurst(String what, List<Http.Answer> answers, String tooMany, int mails) {
        assertAll(what + " burst of " + answers.size() + ": " + histogram(answers) + ", mails " + mails,
                () -> assertNo5xx(what, answers),
                () -> assertEquals(1, mails, what + ": mails that arrived"),
                () -> assertEquals(1, count(answers, a -> a.status() == 200), what + ": number of 200s "
                        + histogram(answers)),
                () -> assertEquals(answers.size() - 1, count(answers, a -> isTooMany(a, tooMany)),
                        what + ": every other answer should be 429 " + tooMany + " with retryAfter >= 1 and Retry-After; "
                                + histogram(answers)),
                () -> assertAllErrorBodies(what, answers));
    }

    private static void assertNo5xx(String what, List<Http.Answer> answers) {
        List<String> bad = answers.stream().filter(a -> a.status() >= 500 || a.status() == 0)
                .map(a -> a.status() + " " + abbreviate(a.body())).distinct().limit(3).toList();
        assertTrue(bad.isEmpty(), what + ": " + count(answers, a -> a.status() >= 500 || a.status() == 0)
                + " answers were 5xx or none, e.g. " + bad);
    }

    /** Every non-200 answer has statusCode (its status), error and message. */
    private static void assertAllErrorBodies(String what, List<Http.Answer> answers) {
        List<String> bad = answers.stream().filter(a -> a.status() != 200 && !hasErrorBody(a))
                .map(a -> a.status() + " " + abbreviate(a.body())).distinct().limit(3).toList();
        assertTrue(bad.isEmpty(), what + ": " + count(answers, a -> a.status() != 200 && !hasErrorBody(a))
                + " answers without the contract's error body, e.g. " + bad);
    }

    private static boolean hasErrorBody(Http.Answer answer) {
        JsonNode body = json(answer);
        return body != null && body.path("statusCode").asInt() == answer.status()
                && !body.path("error").asText().isEmpty() && !body.path("message").asText().isEmpty();
    }

    private static boolean isTooMany(Http.Answer answer, String message) {
        if (answer.status() != 429 || !message.equals(message(answer))) {
            return false;
        }
        long retryAfter = json(answer).path("retryAfter").asLong(0);
        return retryAfter >= 1 && Long.toString(retryAfter).equals(answer.header("Retry-After"))
                && "Too many requests".equals(json(answer).path("error").asText());
    }

    private static long count(List<Http.Answer> answers, Predicate<Http.Answer> which) {
        return answers.stream().filter(which).count();
    }

    static String histogram(List<Http.Answer> answers) {
        return Burst.histogram(answers);
    }

    private static String message(Http.Answer answer) {
        JsonNode body = json(answer);
        return body == null || !body.hasNonNull("message") ? null : body.get("message").asText();
    }

    private static JsonNode json(Http.Answer answer) {
        try {
            return Http.JSON.readTree(answer.body());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    // ---------------------------------------------------------------- 4. writes that race each other

    @Test
    void recoveryCodeResetsAtOnceLeaveOneSetAndNoServerError() {
        WithTotp user = enrolTotp();
        String sudo = ok(api.post("/2fa/totp/authenticate", user.access(), Map.of("totp", user.app().code())))
                .get("sudoToken").asText();
        List<Http.Answer> answers = burst(RACERS, i -> call(realm, "POST", "/2fa/recovery-code/reset", sudo, Map.of()));
        List<Http.Answer> issued = answers.stream().filter(a -> a.status() == 200).toList();
        // Whichever reset committed last, its codes are the ones that work, and only they.
        int working = 0;
        for (Http.Answer answer : issued) {
            String code = answer.json().get("recoveryCodes").get(0).asText();
            if (api.post("/2fa/recovery-code/authenticate", user.access(), Map.of("recoveryCode", code)).status() == 200) {
                working++;
            }
        }
        int workingSets = working;
        assertAll("the same sudo token resets the codes " + RACERS + " times at once: " + histogram(answers),
                () -> assertNo5xx("recovery code resets", answers),
                () -> assertAllErrorBodies("recovery code resets", answers),
                () -> assertTrue(!issued.isEmpty(), "at least one reset answered 200"),
                () -> assertTrue(answers.stream().allMatch(a -> a.status() == 200
                        || a.status() == 409 && "CONCURRENT_CHANGE".equals(Burst.message(a))), "only 200 and 409"),
                () -> assertEquals(1, workingSets, "sets of codes that work afterwards"));
    }

    @Test
    void removingTotpManyTimesAtOnceRemovesItOnceAndNoServerError() {
        WithTotp user = enrolTotp();
        String sudo = ok(api.post("/2fa/totp/authenticate", user.access(), Map.of("totp", user.app().code())))
                .get("sudoToken").asText();
        List<Http.Answer> answers = burst(RACERS, i -> call(realm, "DELETE", "/2fa/totp", sudo, null));
        Http.Answer status = api.get("/2fa", user.access());
        assertAll("the same sudo token removes TOTP " + RACERS + " times at once: " + histogram(answers),
                () -> assertNo5xx("TOTP removals", answers),
                () -> assertAllErrorBodies("TOTP removals", answers),
                () -> assertEquals(1, count(answers, a -> a.status() == 200), "removals that answered 200"),
                () -> assertEquals(200, status.status(), status.body()),
                () -> assertTrue(!status.json().has("totp"), "TOTP gone afterwards: " + status.body()));
    }

    // ---------------------------------------------------------------- users, codes and mail

    record WithTotp(TestUser user, String access, AuthenticatorApp app, JsonNode recoveryCodes) {
        String code(int i) {
            return recoveryCodes.get(i).asText();
        }
    }

    record WithEmailOtp(TestUser user, String access, JsonNode recoveryCodes) {
    }

    /** A new user of the main realm with TOTP on, as in TotpIT: its access token, app and recovery codes. */
    private WithTotp enrolTotp() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        JsonNode codes = ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code()))).get("recoveryCodes");
        assertEquals(10, codes.size(), codes.toString());
        return new WithTotp(user, access, app, codes);
    }

    /** A new user with email OTP on, in a realm with the short cooldown, once the cooldown of the setup mail is over. */
    private WithEmailOtp enrolEmailOtp(String inRealm) {
        UserApi realmApi = new UserApi(env, inRealm);
        TestUser user = env.newUser(inRealm);
        String access = env.accessToken(user);
        MimeMessage setup = mailAfter(user.email(),
                () -> ok(realmApi.post("/2fa/email-otp/setup", access, Map.of("email", user.email()))));
        JsonNode codes = ok(realmApi.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))))
                .get("recoveryCodes");
        Waits.sleep(FAST_COOLDOWN * 1000L + 300);
        return new WithEmailOtp(user, access, codes);
    }

    /** {@code n} different 6-digit codes the authenticator app would not show now. */
    private static List<String> wrongTotpCodes(AuthenticatorApp app, int n) {
        List<String> codes = new ArrayList<>();
        for (int candidate = 100_000; codes.size() < n; candidate += 7_919) {
            String code = String.format("%06d", candidate % 1_000_000);
            if (!app.accepts(code) && !codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }

    /** {@code n} different 6-digit codes other than {@code right}. */
    private static List<String> wrongSixDigitCodes(String right, int n) {
        List<String> codes = new ArrayList<>();
        for (int candidate = 100_000; codes.size() < n; candidate += 7_919) {
            String code = String.format("%06d", candidate % 1_000_000);
            if (!code.equals(right) && !codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }

    private MimeMessage mailAfter(String address, Runnable action) {
        int seen = inbox.count(address);
        action.run();
        return inbox.awaitNew(address, seen);
    }

    /**
     * Mails to the matching addresses beyond the first {@code before}: waits (up to 15 s) for
     * the first, then 3 s more for the mail executor to send any others, then counts.
     */
    private int mailsAfterSettling(Predicate<String> address, int before) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (mailsTo(address) <= before && System.currentTimeMillis() < deadline) {
            Waits.sleep(100);
        }
        Waits.sleep(3_000);
        return mailsTo(address) - before;
    }

    private int mailsTo(Predicate<String> address) {
        int count = 0;
        for (MimeMessage message : env.mail().getReceivedMessages()) {
            try {
                Address[] recipients = message.getAllRecipients();
                // Codes only: the security notice of the enrolment (#21) is not a mail of the burst.
                if (recipients != null && Arrays.stream(recipients).anyMatch(r -> address.test(r.toString()))
                        && Inbox.noticeKind(message) == null) {
                    count++;
                }
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return count;
    }

    private static String freshAddress(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }
}
