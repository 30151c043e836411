package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackCluster;
import dev.kcpack.demo.PackPaths;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.Burst;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.demo.SoftwarePasskey;
import dev.kcpack.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Production's shape: two Keycloak nodes with the pack on one PostgreSQL, clustered as
 * Keycloak clusters by default (jdbc-ping). Each flow alternates nodes, so every piece of
 * state the pack keeps must be visible to, and atomic on, the other node; then a node is
 * killed with SIGKILL in the middle of flows, and at last the whole cluster is restarted.
 *
 * <p>The realm keeps Keycloak's brute-force detection off, so what is measured is the
 * pack's own gate (KeycloakLockoutIT tests the two together). Locks last 15 minutes and
 * TOTP windows 5 minutes here, so that neither runs out while nodes restart and a test
 * of "still refused after the restart" could not pass by the clock alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int FREE_FAILURES = 5;
    private static final int MAIL_COOLDOWN = 2;
    private static final String APP_ORIGIN = "https://app.kcpack.test";

    private PackCluster cluster;
    private PackStack a;
    private PackStack b;
    private String realm;
    private UserApi apiA;
    private UserApi apiB;
    private Inbox inbox;

    @BeforeAll
    void startCluster() {
        cluster = PackCluster.start(PackPaths.fromSystemProperties(), List.of(0, 0));
        a = cluster.node(0);
        b = cluster.node(1);
        realm = a.newRealm();
        a.admin().setBruteForceProtected(realm, false);
        // One test client for many users: the gates behind the public doors, not their budgets (but order 12).
        a.admin().withoutDoorBudgets(realm);
        a.admin().setPackSettings(realm, Map.of(
                "mailCooldownSeconds", Integer.toString(MAIL_COOLDOWN),
                "firstLockSeconds", "900"));
        // Keycloak takes an OTP policy only whole (with its type), a WebAuthn policy only with its RP name.
        Http.Answer policies = a.admin().send("PUT", "/admin/realms/" + realm, Map.of(
                "otpPolicyType", "totp", "otpPolicyAlgorithm", "HmacSHA1", "otpPolicyDigits", 6,
                "otpPolicyLookAheadWindow", 1, "otpPolicyInitialCounter", 0, "otpPolicyPeriod", 300,
                // The app the passkey tests sign from, as a load balancer's one address would be.
                "webAuthnPolicyRpEntityName", "kcpack cluster", "webAuthnPolicyExtraOrigins", List.of(APP_ORIGIN)));
        assertEquals(204, policies.status(), policies.body());
        apiA = new UserApi(a, realm);
        apiB = new UserApi(b, realm);
        inbox = new Inbox(cluster.mail());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ------------------------------------------------------------------ flows across nodes

    @Test
    @Order(1)
    void totpSetUpOnAEnabledOnBAndACodeUsedOnAIsRefusedOnB() {
        Totp user = enrolTotp(apiA, apiB);
        String code = user.app().code();
        assertTrue(ok(apiA.post("/2fa/totp/authenticate", user.access(), Map.of("totp", code))).has("sudoToken"));
        assertError(apiB.post("/2fa/totp/authenticate", user.access(), Map.of("totp", code)), 401, "TOTP_INVALID");
    }

    @Test
    @Order(2)
    void aLockEarnedOnARefusesOnB() {
        Totp user = enrolTotp(apiA, apiA);
        for (int i = 0; i < FREE_FAILURES; i++) {
            assertError(apiA.post("/2fa/totp/authenticate", user.access(), Map.of("totp", user.app().wrongCode())),
                    401, "TOTP_INVALID");
        }
        assertError(apiB.post("/2fa/totp/authenticate", user.access(), Map.of("totp", user.app().code())),
                429, "TOO_MANY_TOTP_CHECKS");
        assertTrue(ok(apiB.get("/2fa/totp/next-guess", user.access())).get("duration").asLong() > 60);
    }

    @Test
    @Order(3)
    void concurrentWrongGuessesSplitOverBothNodesGetNoMoreThanSequentialOnes() {
        // Three users, three bursts: a race that wins now and then shows in one of them.
        for (int round = 0; round < 3; round++) {
            Totp user = enrolTotp(apiA, apiB);
            String wrong = user.app().wrongCode();
            List<Http.Answer> answers = Burst.fire("cluster: wrong TOTP guesses over two nodes", 40,
                    i -> (i % 2 == 0 ? apiA : apiB).post("/2fa/totp/authenticate", user.access(), Map.of("totp", wrong)));
            String seen = Burst.histogram(answers);
            long evaluated = answers.stream().filter(x -> x.status() == 401).count();
            assertAll(() -> assertTrue(evaluated <= FREE_FAILURES, "guesses evaluated: " + seen),
                    () -> assertTrue(answers.stream().allMatch(x -> x.status() == 401 || x.status() == 429),
                            "only 401 and 429: " + seen));
            // Then one at a time, as an attacker keeps going: the count goes on from where the burst left it.
            for (long i = evaluated; i < FREE_FAILURES; i++) {
                apiA.post("/2fa/totp/authenticate", user.access(), Map.of("totp", wrong));
            }
            assertError(apiB.post("/2fa/totp/authenticate", user.access(), Map.of("totp", user.app().code())),
                    429, "TOO_MANY_TOTP_CHECKS");
        }
    }

    @Test
    @Order(4)
    void anEmailCodeMailedByAWorksOnceOnB() {
        EmailOtp user = enrolEmailOtp();
        String code = Inbox.code(inbox.after(user.user().email(),
                () -> ok(apiA.post("/2fa/email-otp/challenge", user.access(), Map.of()))));
        assertTrue(ok(apiB.post("/2fa/email-otp/authenticate", user.access(), Map.of("otp", code))).has("sudoToken"));
        assertError(apiA.post("/2fa/email-otp/authenticate", user.access(), Map.of("otp", code)),
                401, "OTP_INVALID_EXPIRED");
    }

    @Test
    @Order(5)
    void theMailCooldownHoldsAcrossNodes() {
        TestUser user = a.newUser(realm);
        int before = inbox.count(user.email());
        List<Http.Answer> answers = Burst.fire("cluster: reset mails asked of two nodes", 40,
                i -> (i % 2 == 0 ? apiA : apiB).post("/password/reset/send", null, Map.of("email", user.email())));
        Waits.sleep(3000);
        String seen = Burst.histogram(answers);
        assertAll(() -> assertEquals(1, inbox.count(user.email()) - before, "mails sent: " + seen),
                () -> assertEquals(1, answers.stream().filter(x -> x.status() == 200).count(), seen));
    }

    @Test
    @Order(6)
    void aPartialTokenFromAIsRedeemedOnceOverBothNodes() {
        Totp user = enrolTotp(apiA, apiA);
        String partial = a.partialToken(user.user());
        List<Http.Answer> answers = Burst.fire("cluster: one partial token over two nodes", 40,
                i -> (i % 2 == 0 ? apiB : apiA).post("/2fa/recovery-code/authenticate", partial,
                        Map.of("recoveryCode", user.recoveryCode(i % 10))));
        String seen = Burst.histogram(answers);
        assertAll(() -> assertEquals(1, answers.stream().filter(x -> x.status() == 200).count(), seen),
                () -> assertTrue(answers.stream().noneMatch(x -> x.status() >= 500), seen));
        assertError(apiB.post("/2fa/totp/authenticate", partial, Map.of("totp", user.app().code())),
                401, "INVALID_TOKEN");
    }

    @Test
    @Order(7)
    void aResetCodeIsSingleUseAcrossNodes() {
        TestUser user = a.newUser(realm);
        String code = Inbox.code(inbox.after(user.email(),
                () -> ok(apiA.post("/password/reset/send", null, Map.of("email", user.email())))));
        ok(apiB.send("PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", code, "newPassword", "Cluster-reset-1")));
        Http.Answer again = apiA.send("PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", code, "newPassword", "Cluster-reset-2"));
        assertEquals(401, again.status(), again.body());
    }

    @Test
    @Order(8)
    void aRecoveryCodeUsedOnAIsDeadOnBAndARaceOverBothNodesSpendsItOnce() {
        Totp user = enrolTotp(apiA, apiB);
        ok(apiA.post("/2fa/recovery-code/authenticate", user.access(), Map.of("recoveryCode", user.recoveryCode(0))));
        assertError(apiB.post("/2fa/recovery-code/authenticate", user.access(), Map.of("recoveryCode", user.recoveryCode(0))),
                401, "RECOVERY_CODE_INVALID");

        // Three codes, three races: a stale read that wins now and then shows in one of them.
        for (int code = 1; code <= 3; code++) {
            String racing = user.recoveryCode(code);
            List<Http.Answer> answers = Burst.fire("cluster: one recovery code over two nodes", 40,
                    i -> (i % 2 == 0 ? apiA : apiB).post("/2fa/recovery-code/authenticate", user.access(),
                            Map.of("recoveryCode", racing)));
            String seen = Burst.histogram(answers);
            assertAll(() -> assertEquals(1, answers.stream().filter(x -> x.status() == 200).count(), seen),
                    () -> assertTrue(answers.stream().noneMatch(x -> x.status() >= 500), seen));
        }
        // The other codes are intact: no commit conflict left a code half spent.
        ok(apiB.post("/2fa/recovery-code/authenticate", user.access(), Map.of("recoveryCode", user.recoveryCode(4))));
    }

    @Test
    @Order(9)
    void aSudoTokenFromADiesWhenItsSessionIsLoggedOutOnB() {
        Totp user = enrolTotp(apiA, apiA);
        String sudo = ok(apiA.post("/2fa/totp/authenticate", user.access(), Map.of("totp", user.app().code())))
                .get("sudoToken").asText();
        Http.Answer logout = b.admin().send("POST", "/admin/realms/" + realm + "/users/" + user.user().id() + "/logout", null);
        assertEquals(204, logout.status(), logout.body());
        assertError(apiA.post("/2fa/recovery-code/reset", sudo, Map.of()), 401, "INVALID_TOKEN");
    }

    @Test
    @Order(10)
    void aPasskeyChallengeFromAIsFinishedOnceOverBothNodesAndARemovalOnBHoldsOnA() {
        TestUser user = a.newUser(realm);
        String access = a.accessToken(user);
        SoftwarePasskey device = new SoftwarePasskey(APP_ORIGIN);
        JsonNode registration = ok(apiA.post("/2fa/passkey/register/options", access, Map.of()));
        ok(apiB.post("/2fa/passkey/register", access, Map.of("challengeId", registration.get("challengeId").asText(),
                "credential", device.create(registration.get("publicKey")))));

        JsonNode options = ok(apiA.post("/2fa/passkey/authenticate/options", access, Map.of()));
        Map<String, Object> body = Map.of("challengeId", options.get("challengeId").asText(),
                "credential", device.get(options.get("publicKey")));
        List<Http.Answer> answers = Burst.fire("cluster: one passkey challenge over two nodes", 40,
                i -> (i % 2 == 0 ? apiB : apiA).post("/2fa/passkey/authenticate", access, body));
        String seen = Burst.histogram(answers);
        assertAll(() -> assertEquals(1, answers.stream().filter(x -> x.status() == 200).count(), seen),
                () -> assertTrue(answers.stream().noneMatch(x -> x.status() >= 500), seen));

        // Removed on B: a challenge A issued before is no use with it on A.
        String sudo = ok(apiA.post("/2fa/passkey/authenticate", access, passkeyAnswer(apiA, access, device))).get("sudoToken").asText();
        Map<String, Object> pending = passkeyAnswer(apiA, access, device);
        String id = ok(apiB.get("/2fa", access)).at("/passkeys/0/id").asText();
        ok(apiB.delete("/2fa/passkey/" + id, sudo));
        Http.Answer after = apiA.post("/2fa/passkey/authenticate", access, pending);
        assertEquals(409, after.status(), after.body());
        assertTrue(ok(apiA.get("/2fa", access)).path("passkeys").isMissingNode(), "no passkey listed on A");
    }

    /** A finish body for a fresh challenge of {@code api}'s node, signed by {@code device}. */
    private static Map<String, Object> passkeyAnswer(UserApi api, String access, SoftwarePasskey device) {
        JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", access, Map.of()));
        return Map.of("challengeId", options.get("challengeId").asText(), "credential", device.get(options.get("publicKey")));
    }

    // ------------------------------------------------------------------ faults

    @Test
    @Order(11)
    void aBrowserTrustedThroughAIsTrustedOnBUntilBRevokesIt() {
        Totp user = enrolTotp(apiA, apiB);
        try (BrowserLogin browser = new BrowserLogin().open(a.baseUrl(), realm)) {
            browser.password(user.user().username(), user.user().password());
            browser.submit("kc-otp-login-form", "otp", user.app().code(), "kcpackTrustBrowser", "on");
            assertTrue(browser.loggedIn(), browser.describe());

            // The load balancer sends the same browser to B: the password alone.
            browser.forgetSessionKeeping("KCPACK_TRUSTED_BROWSER").routeTo(a.baseUrl(), b.baseUrl());
            browser.open(a.baseUrl(), realm).password(user.user().username(), user.user().password());
            assertTrue(browser.loggedIn(), "trusted on B: " + browser.describe());

            JsonNode devices = ok(apiB.get("/2fa/trusted-devices", user.access())).get("devices");
            assertEquals(1, devices.size(), devices.toString());
            String sudo = ok(apiB.post("/2fa/recovery-code/authenticate", user.access(),
                    Map.of("recoveryCode", user.recoveryCode(0)))).get("sudoToken").asText();
            ok(apiB.delete("/2fa/trusted-devices", sudo));

            // Revoked on B, asked again on A.
            browser.forgetSessionKeeping("KCPACK_TRUSTED_BROWSER").routeTo(null, null);
            browser.open(a.baseUrl(), realm).password(user.user().username(), user.user().password());
            assertTrue(browser.hasElement("kc-otp-login-form"), "asked again on A: " + browser.describe());
        }
    }

    @Test
    @Order(12)
    void theRealmsBudgetIsOneForBothNodes() {
        // Issue 31: guesses spread over many client addresses and both nodes meet one realm-wide budget.
        a.admin().setPackSettings(realm, Map.of("resetCodeChecksPerAddress", "0", "resetCodeChecksPerRealm", "10"));
        try {
            Burst.awaitRoomInTheMinute();
            List<Http.Answer> answers = Burst.fire("cluster: wrong reset codes from 40 addresses over two nodes", 40,
                    i -> (i % 2 == 0 ? apiA : apiB).from("198.51.100." + (i + 1)).post("/password/reset/validate", null,
                            Map.of("email", "victim-" + i + "@example.test", "otp", "000000")));
            assertAll(
                    () -> assertEquals(10, answers.stream().filter(x -> x.status() == 401).count(), Burst.histogram(answers)),
                    () -> assertEquals(30, answers.stream().filter(x -> x.status() == 429
                            && "TOO_MANY_OTP_CHECKS".equals(Burst.message(x))).count(), Burst.histogram(answers)));
        } finally {
            a.admin().withoutDoorBudgets(realm);
        }
    }

    @Test
    @Order(20)
    void nodeAKilledInTheMiddleOfFlowsTheyFinishOnBAndARejoinsWithEverythingIntact() {
        // Flows begun on A.
        TestUser pendingUser = a.newUser(realm);
        String pendingAccess = a.accessToken(pendingUser);
        AuthenticatorApp pendingApp = AuthenticatorApp.scan(
                ok(apiA.post("/2fa/totp/setup", pendingAccess, Map.of())).get("url").asText());
        Totp locked = enrolTotp(apiA, apiA);
        for (int i = 0; i < FREE_FAILURES; i++) {
            apiA.post("/2fa/totp/authenticate", locked.access(), Map.of("totp", locked.app().wrongCode()));
        }
        Totp spender = enrolTotp(apiA, apiA);
        ok(apiA.post("/2fa/recovery-code/authenticate", spender.access(), Map.of("recoveryCode", spender.recoveryCode(0))));
        EmailOtp mailed = enrolEmailOtp();
        String mailedCode = Inbox.code(inbox.after(mailed.user().email(),
                () -> ok(apiA.post("/2fa/email-otp/challenge", mailed.access(), Map.of()))));
        Totp twoStep = enrolTotp(apiA, apiA);
        String partial = a.partialToken(twoStep.user());
        // In a realm with a long mail cooldown, which the kill (and B's noticing it) must not outlast.
        String slowRealm = a.newRealm();
        a.admin().setPackSettings(slowRealm, Map.of("mailCooldownSeconds", "600"));
        UserApi slowA = new UserApi(a, slowRealm);
        UserApi slowB = new UserApi(b, slowRealm);
        TestUser resetting = a.newUser(slowRealm);
        String resetCode = Inbox.code(inbox.after(resetting.email(),
                () -> ok(slowA.post("/password/reset/send", null, Map.of("email", resetting.email())))));

        long viewsBefore = nodesLeft(1);
        cluster.server(0).kill();
        awaitBWithoutA(viewsBefore);

        // They finish on B.
        ok(apiB.post("/2fa/totp/enable", pendingAccess, Map.of("totp", pendingApp.code())));
        assertError(apiB.post("/2fa/totp/authenticate", locked.access(), Map.of("totp", locked.app().code())),
                429, "TOO_MANY_TOTP_CHECKS");
        assertError(apiB.post("/2fa/recovery-code/authenticate", spender.access(),
                Map.of("recoveryCode", spender.recoveryCode(0))), 401, "RECOVERY_CODE_INVALID");
        ok(apiB.post("/2fa/email-otp/authenticate", mailed.access(), Map.of("otp", mailedCode)));
        ok(apiB.post("/2fa/totp/authenticate", partial, Map.of("totp", twoStep.app().code())));
        // The cooldown of the mail A sent still holds on B; the code A mailed works on B, once.
        assertError(slowB.post("/password/reset/send", null, Map.of("email", resetting.email())),
                429, "TOO_MANY_RESET_MAIL_ATTEMPTS");
        ok(slowB.send("PUT", "/password/otp", null,
                Map.of("userEmail", resetting.email(), "otp", resetCode, "newPassword", "Cluster-reset-5")));

        cluster.server(0).restart();

        // A is back in the cluster, and sees all of it.
        assertTrue(ok(apiA.get("/2fa", pendingAccess)).path("totp").has("completedAt"));
        assertError(apiA.post("/2fa/totp/authenticate", locked.access(), Map.of("totp", locked.app().code())),
                429, "TOO_MANY_TOTP_CHECKS");
        assertError(apiA.post("/2fa/recovery-code/authenticate", spender.access(),
                Map.of("recoveryCode", spender.recoveryCode(0))), 401, "RECOVERY_CODE_INVALID");
        assertError(apiA.post("/2fa/email-otp/authenticate", mailed.access(), Map.of("otp", mailedCode)),
                401, "OTP_INVALID_EXPIRED");
        assertError(apiA.post("/2fa/totp/authenticate", partial, Map.of("totp", twoStep.app().code())),
                401, "INVALID_TOKEN");
        assertEquals(401, slowA.send("PUT", "/password/otp", null,
                Map.of("userEmail", resetting.email(), "otp", resetCode, "newPassword", "Cluster-reset-6")).status());
        // A pending setup begun on B while A was away is there for A.
        TestUser late = b.newUser(realm);
        String lateAccess = b.accessToken(late);
        AuthenticatorApp lateApp = AuthenticatorApp.scan(ok(apiB.post("/2fa/totp/setup", lateAccess, Map.of())).get("url").asText());
        ok(apiA.post("/2fa/totp/enable", lateAccess, Map.of("totp", lateApp.code())));
    }

    @Test
    @Order(30)
    void afterAFullClusterRestartNoUsedCodeOrPartialTokenWorksAgainAndLocksHold() {
        Totp locked = enrolTotp(apiA, apiB);
        for (int i = 0; i < FREE_FAILURES; i++) {
            apiB.post("/2fa/totp/authenticate", locked.access(), Map.of("totp", locked.app().wrongCode()));
        }
        Totp twoStep = enrolTotp(apiA, apiA);
        String partial = a.partialToken(twoStep.user());
        ok(apiB.post("/2fa/recovery-code/authenticate", partial, Map.of("recoveryCode", twoStep.recoveryCode(0))));
        Totp totpUser = enrolTotp(apiA, apiA);
        String usedTotp = totpUser.app().code();
        ok(apiA.post("/2fa/totp/authenticate", totpUser.access(), Map.of("totp", usedTotp)));
        TestUser resetUser = a.newUser(realm);
        String resetCode = Inbox.code(inbox.after(resetUser.email(),
                () -> ok(apiB.post("/password/reset/send", null, Map.of("email", resetUser.email())))));
        ok(apiA.send("PUT", "/password/otp", null,
                Map.of("userEmail", resetUser.email(), "otp", resetCode, "newPassword", "Cluster-reset-3")));

        cluster.restartAll();

        // Sessions persist in the database (Keycloak 26), so the access tokens of before still work.
        assertError(apiA.post("/2fa/totp/authenticate", locked.access(), Map.of("totp", locked.app().code())),
                429, "TOO_MANY_TOTP_CHECKS");
        assertError(apiB.post("/2fa/totp/authenticate", partial, Map.of("totp", twoStep.app().code())),
                401, "INVALID_TOKEN");
        assertError(apiA.post("/2fa/recovery-code/authenticate", partial, Map.of("recoveryCode", twoStep.recoveryCode(1))),
                401, "INVALID_TOKEN");
        assertTrue(totpUser.app().accepts(usedTotp), "the used code is still inside its window");
        assertError(apiB.post("/2fa/totp/authenticate", totpUser.access(), Map.of("totp", usedTotp)), 401, "TOTP_INVALID");
        Http.Answer reset = apiB.send("PUT", "/password/otp", null,
                Map.of("userEmail", resetUser.email(), "otp", resetCode, "newPassword", "Cluster-reset-4"));
        assertEquals(401, reset.status(), reset.body());
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits until B has noticed that A is gone: Infinispan's new cluster view, which B logs
     * ("ISPN100001: Node … left the cluster"). Until then B still asks A for the cache entries
     * A owned (sessions, single-use marks), and such a request waits out the remote timeout
     * (15 s) and fails. Keycloak 26.7 notices a killed node at once here; 26.4.7 only after
     * about 45 s (its failure detection), so a load balancer must stop sending to a dead node
     * for that long (docs/install-and-upgrade.md, supported versions).
     */
    private void awaitBWithoutA(long viewsBefore) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (nodesLeft(1) <= viewsBefore) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("B never noticed that A died; see " + cluster.server(1).logFile());
            }
            Waits.sleep(500);
        }
    }

    /** How often node {@code i} has logged that a node left the cluster. */
    private long nodesLeft(int i) {
        try (var lines = java.nio.file.Files.lines(cluster.server(i).logFile())) {
            return lines.filter(line -> line.contains("ISPN100001") && line.contains("left the cluster")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Totp(TestUser user, String access, AuthenticatorApp app, JsonNode recoveryCodes) {
        String recoveryCode(int i) {
            return recoveryCodes.get(i).asText();
        }
    }

    private record EmailOtp(TestUser user, String access) {
    }

    /** A user with TOTP: set up through {@code setupApi}, enabled through {@code enableApi}. */
    private Totp enrolTotp(UserApi setupApi, UserApi enableApi) {
        TestUser user = a.newUser(realm);
        String access = a.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(setupApi.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        JsonNode codes = ok(enableApi.post("/2fa/totp/enable", access, Map.of("totp", app.code()))).get("recoveryCodes");
        return new Totp(user, access, app, codes);
    }

    /** A user with email OTP, mailed by A and enabled on B; the cooldown has passed when it returns. */
    private EmailOtp enrolEmailOtp() {
        TestUser user = a.newUser(realm);
        String access = b.accessToken(user);
        String code = Inbox.code(inbox.after(user.email(),
                () -> ok(apiA.post("/2fa/email-otp/setup", access, Map.of("email", user.email())))));
        ok(apiB.post("/2fa/email-otp/enable", access, Map.of("otp", code)));
        Waits.sleep(MAIL_COOLDOWN * 1000L + 300);
        return new EmailOtp(user, access);
    }

    private static void assertError(Http.Answer answer, int status, String message) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(message, answer.json().path("message").asText(), answer.body());
    }
}
