package dev.kcpack.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kcpack.core.guard.LockoutPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackCluster;
import dev.kcpack.demo.PackPaths;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.SoftwarePasskey;
import dev.kcpack.demo.UserApi;

/**
 * Not a test: measures, on one real Keycloak, Keycloak's plain password grant next to
 * the pack's two-step API login (password grant, then a recovery code with the partial
 * token) and one recovery-code verification over REST; and the password-reset answer
 * for a known and an unknown address, which should not tell them apart; and how many of a
 * burst of parallel wrong guesses each door checks; then the logins beside Keycloak's own flows
 * ({@link GrantRatios}). Run with {@code ./mvnw -Pbench}; the report goes to stdout and
 * {@code dist/target/benchmark.txt}. {@code -Dkcpack.bench.loginsOnly=true} runs the logins
 * beside Keycloak's alone (to repeat them), {@code -Dkcpack.bench.profile=true} profiles them, and
 * {@code -Dkcpack.bench.postgres=true} runs those alone on PostgreSQL instead of the development
 * database (one node, as production runs: its database over a socket, Keycloak's clustered caches).
 */
public final class LoginBenchmark {

    private static final int WARMUP = 20;
    private static final int BURST = 40;
    private static final int ROUNDS = Integer.getInteger("kcpack.bench.rounds", 50);

    private LoginBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (Boolean.getBoolean("kcpack.bench.postgres")) {
            // Every row a login writes (Keycloak's session, the pack's marks) costs what it costs in production.
            try (PackCluster node = PackCluster.start(PackPaths.fromSystemProperties(), List.of(0))) {
                List<String> report = new ArrayList<>(List.of("on PostgreSQL (one node, Keycloak's clustered caches):"));
                report.addAll(GrantRatios.measure(node.node(0)));
                write(report);
            }
            return;
        }
        try (PackStack env = PackStack.start()) {
            if (Boolean.getBoolean("kcpack.bench.loginsOnly")) {
                write(GrantRatios.measure(env));
                return;
            }
            String realm = env.newRealm();
            // One client timing the doors many times a minute; the budgets are measured at the end, at their defaults.
            env.admin().withoutDoorBudgets(realm);
            UserApi api = new UserApi(env, realm);
            TestUser plain = env.newUser(realm);
            // Each code works once: enough users with TOTP and ten codes each, made before timing.
            List<UsableCode> forLogins = UsableCode.make(env, api, realm, WARMUP + ROUNDS);
            List<UsableCode> forChecks = UsableCode.make(env, api, realm, WARMUP + ROUNDS);

            List<String> report = new ArrayList<>();
            report.add(String.format("kcpack login benchmark: %d rounds after %d warm-up, one client, loopback", ROUNDS, WARMUP));
            report.add(measure("Keycloak password grant (user without 2FA)", round -> {
                expect(passwordGrant(env, plain), 200);
            }));
            report.add(measure("two-step API login (password grant + recovery code)", round -> {
                UsableCode next = forLogins.get(round);
                Http.Answer first = passwordGrant(env, next.user());
                expect(first, 401);
                String partial = first.json().get("partialAuthToken").asText();
                expect(api.post("/2fa/recovery-code/authenticate", partial, Map.of("recoveryCode", next.code())), 200);
            }));
            report.add(measure("recovery-code verification over REST (access token -> sudo token)", round -> {
                UsableCode next = forChecks.get(round);
                expect(api.post("/2fa/recovery-code/authenticate", next.access(), Map.of("recoveryCode", next.code())), 200);
            }));
            report.addAll(factorChecks(env, api, realm));
            List<TestUser> resetUsers = new ArrayList<>();
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                resetUsers.add(env.newUser(realm));
            }
            report.add(measure("password reset code, address of an account (mail sent after the answer)", round ->
                    expect(api.post("/password/reset/send", null, Map.of("email", resetUsers.get(round).email())), 200)));
            report.add(measure("password reset code, address of nobody (no mail)", round ->
                    expect(api.post("/password/reset/send", null,
                            Map.of("email", "nobody-" + round + "-" + System.nanoTime() + "@example.test")), 200)));
            List<TestUser> forgetful = new ArrayList<>();
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                forgetful.add(env.newUser(realm));
            }
            report.add(measure("reset link (#9), address of an account (mail sent after the answer)", round ->
                    expect(api.post("/password/forgot", null, Map.of("email", forgetful.get(round).email())), 200)));
            report.add(measure("reset link (#9), address of nobody (no mail)", round ->
                    expect(api.post("/password/forgot", null,
                            Map.of("email", "nobody-" + round + "-" + System.nanoTime() + "@example.test")), 200)));
            report.add(measure("reset-code check, wrong code, address of an account with a live code", round ->
                    expect(api.post("/password/reset/validate", null,
                            Map.of("email", resetUsers.get(round).email(), "otp", "000000")), 401)));
            report.add(measure("reset-code check, wrong code, address of nobody", round ->
                    expect(api.post("/password/reset/validate", null,
                            Map.of("email", "nobody-" + round + "-" + System.nanoTime() + "@example.test", "otp", "000000")), 401)));
            report.add(measure("reset with a wrong code, address of an account with a live code", round ->
                    expect(api.send("PUT", "/password/otp", null, Map.of("userEmail", resetUsers.get(round).email(),
                            "otp", "000000", "newPassword", "Bench-new-pass-1")), 401)));
            report.add(measure("reset with a wrong code, address of nobody", round ->
                    expect(api.send("PUT", "/password/otp", null, Map.of("userEmail",
                            "nobody-" + round + "-" + System.nanoTime() + "@example.test",
                            "otp", "000000", "newPassword", "Bench-new-pass-1")), 401)));
            report.addAll(bursts(env, api, realm));
            report.addAll(enumeration(env, api, realm));
            report.addAll(GrantRatios.measure(env));
            report.addAll(SpreadGuessing.measure(env));
            write(report);
        }
    }

    private static void write(List<String> report) throws IOException {
        report.forEach(System.out::println);
        Path out = Path.of(System.getProperty("kcpack.workDir", "target"), "benchmark.txt");
        Files.write(out, report);
        System.out.println("written to " + out);
    }

    /**
     * #20: a passkey check beside a TOTP check, each proving presence with an access token for
     * a sudo token on the same server. The passkey's assertions are signed before timing (in
     * the order they are sent, so the signature counter goes up), as the device does it, not
     * the server; a second line adds the options request an app makes first.
     */
    private static List<String> factorChecks(PackStack env, UserApi api, String realm) {
        List<String> lines = new ArrayList<>();
        List<AuthenticatorApp> apps = new ArrayList<>();
        List<String> appAccess = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            TestUser user = env.newUser(realm);
            String access = env.accessToken(user);
            AuthenticatorApp app = AuthenticatorApp.scan(UserApi.ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
            UserApi.ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
            apps.add(app);
            appAccess.add(access);
        }
        lines.add(measure("TOTP check over REST (access token -> sudo token)", round -> expect(api.post(
                "/2fa/totp/authenticate", appAccess.get(round), Map.of("totp", apps.get(round).code())), 200)));

        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        SoftwarePasskey device = new SoftwarePasskey(env.baseUrl());
        JsonNode registration = UserApi.ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        UserApi.ok(api.post("/2fa/passkey/register", access, Map.of("challengeId", registration.get("challengeId").asText(),
                "credential", device.create(registration.get("publicKey")))));
        List<Map<String, Object>> signed = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            signed.add(passkeyAnswer(api, access, device));
        }
        lines.add(measure("passkey check over REST (signed assertion -> sudo token)", round ->
                expect(api.post("/2fa/passkey/authenticate", access, signed.get(round)), 200)));
        lines.add(measure("passkey check with its options request (2 requests, signing included)", round ->
                expect(api.post("/2fa/passkey/authenticate", access, passkeyAnswer(api, access, device)), 200)));
        return lines;
    }

    private static Map<String, Object> passkeyAnswer(UserApi api, String access, SoftwarePasskey device) {
        JsonNode options = UserApi.ok(api.post("/2fa/passkey/authenticate/options", access, Map.of()));
        return Map.of("challengeId", options.get("challengeId").asText(), "credential", device.get(options.get("publicKey")));
    }

    /**
     * Per door, {@value #BURST} wrong guesses at one subject all at once: how many the
     * server checked (the rest were refused unchecked) and what the door's best-paced
     * attacker gets in 24 h. Keycloak's own brute-force detection is switched off for this
     * part, so the numbers are the pack's gate alone.
     */
    private static List<String> bursts(PackStack env, UserApi api, String realm) {
        env.admin().setBruteForceProtected(realm, false);
        long perDay = new LockoutPolicy(5, 60, 900).maxGuessesWithin(86_400);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("bursts of %d parallel wrong guesses; best pace with the default policy: %d guesses per door per 24 h",
                BURST, perDay));
        UsableCode totpUser = UsableCode.make(env, api, realm, 1).get(0);
        lines.add(burst("TOTP (#22), 3 right codes of 10^6", 3e-6 * perDay,
                () -> api.post("/2fa/totp/authenticate", totpUser.access(), Map.of("totp", "000000"))));
        UsableCode recoveryUser = UsableCode.make(env, api, realm, 1).get(0);
        lines.add(burst("recovery code (#21), 10 right codes of 32^16", 10 * Math.pow(32, -16) * perDay,
                () -> api.post("/2fa/recovery-code/authenticate", recoveryUser.access(),
                        Map.of("recoveryCode", "zzzzzzzzzzzzzzzz"))));
        TestUser plain = env.newUser(realm);
        String access = env.accessToken(plain);
        lines.add(burst("old password (#18)", Double.NaN, () -> api.send("PUT", "/password/old-password", access,
                Map.of("oldPassword", "Wrong-Password-1", "newPassword", "New-Password-1"))));
        TestUser resetUser = env.newUser(realm);
        expect(api.post("/password/reset/send", null, Map.of("email", resetUser.email())), 200);
        lines.add(burst("password-reset code (#19), 1 right code of 10^6", 1e-6 * perDay,
                () -> api.post("/password/reset/validate", null, Map.of("email", resetUser.email(), "otp", "000000"))));
        return lines;
    }

    private static String burst(String door, double chancePerDay, java.util.function.Supplier<Http.Answer> guess) {
        Map<Integer, Integer> statuses = fire(door, guess);
        return String.format("  %-55s checked %2d, refused unchecked %2d, chance in 24 h %s", door,
                statuses.getOrDefault(401, 0), statuses.getOrDefault(429, 0),
                Double.isNaN(chancePerDay) ? "(depends on the password)" : String.format("%.1e", chancePerDay));
    }

    /**
     * #21: how many "is this address taken?" answers a signed-in user gets from
     * {@code POST /user/email/initiate}: a burst of {@value #BURST} taken addresses at once,
     * and the best pace (one answer per transfer cooldown, whatever the answer).
     */
    private static List<String> enumeration(PackStack env, UserApi api, String realm) {
        TestUser asker = env.newUser(realm);
        String access = env.accessToken(asker);
        List<TestUser> taken = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            taken.add(env.newUser(realm));
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Map<Integer, Integer> statuses = fire("address oracle", () -> api.post("/email/initiate", access,
                Map.of("email", taken.get(next.getAndIncrement()).email())));
        int cooldown = 60; // mailCooldownSeconds: the default, and the demo realm's
        return List.of(String.format("address enumeration through email/initiate: %d taken addresses at once: answered "
                        + "(409 taken) %d, refused unanswered (429) %d; best pace %d answers per account per 24 h (one per %d s cooldown)",
                BURST, statuses.getOrDefault(409, 0), statuses.getOrDefault(429, 0), 86_400 / cooldown, cooldown));
    }

    /** Sends {@value #BURST} requests at once; answers how many got each status. */
    private static Map<Integer, Integer> fire(String what, java.util.function.Supplier<Http.Answer> request) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(BURST);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (java.util.concurrent.Future<Http.Answer> answer : answers) {
                statuses.merge(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).status(), 1, Integer::sum);
            }
            return statuses;
        } catch (Exception e) {
            throw new IllegalStateException(what + ": " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One timed operation; {@code round} counts warm-up and timed rounds together. */
    private interface Operation {
        void run(int round);
    }

    private static String measure(String name, Operation operation) {
        for (int i = 0; i < WARMUP; i++) {
            operation.run(i);
        }
        double[] millis = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            operation.run(WARMUP + i);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return String.format("%-70s median %7.1f ms   p90 %7.1f ms   max %7.1f ms", name,
                millis[ROUNDS / 2], millis[ROUNDS * 9 / 10], millis[ROUNDS - 1]);
    }

    private static Http.Answer passwordGrant(PackStack env, TestUser user) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", PackStack.CLIENT_ID,
                "username", user.username(), "password", user.password()));
        return Http.send(Http.request(env.baseUrl() + "/realms/" + user.realm() + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(Http.form(form)).build());
    }

    private static void expect(Http.Answer answer, int status) {
        if (answer.status() != status && answer.body().contains("invalid_grant")) {
            System.out.println("token endpoint refused: " + answer.body());
        }
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
    }
}
