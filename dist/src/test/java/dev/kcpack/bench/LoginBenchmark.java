package dev.kcpack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.testing.AuthenticatorApp;
import dev.kcpack.testing.Http;
import dev.kcpack.testing.TestEnvironment;
import dev.kcpack.testing.TestEnvironment.TestUser;
import dev.kcpack.testing.UserApi;

/**
 * Not a test: measures, on one real Keycloak, Keycloak's plain password grant next to
 * the pack's two-step API login (password grant, then a recovery code with the partial
 * token) and one recovery-code verification over REST; and the password-reset answer
 * for a known and an unknown address, which should not tell them apart. Run with {@code ./mvnw -Pbench};
 * the report goes to stdout and {@code dist/target/benchmark.txt}.
 */
public final class LoginBenchmark {

    private static final int WARMUP = 20;
    private static final int ROUNDS = Integer.getInteger("kcpack.bench.rounds", 50);

    private LoginBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        try (TestEnvironment env = TestEnvironment.start()) {
            String realm = env.newRealm();
            UserApi api = new UserApi(env, realm);
            TestUser plain = env.newUser(realm);
            // Each code works once: enough users with TOTP and ten codes each, made before timing.
            List<UsableCode> forLogins = usableCodes(env, api, realm, WARMUP + ROUNDS);
            List<UsableCode> forChecks = usableCodes(env, api, realm, WARMUP + ROUNDS);

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
            List<TestUser> resetUsers = new ArrayList<>();
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                resetUsers.add(env.newUser(realm));
            }
            report.add(measure("password reset code, address of an account (mail sent after the answer)", round ->
                    expect(api.post("/password/reset/send", null, Map.of("email", resetUsers.get(round).email())), 200)));
            report.add(measure("password reset code, address of nobody (no mail)", round ->
                    expect(api.post("/password/reset/send", null,
                            Map.of("email", "nobody-" + round + "-" + System.nanoTime() + "@example.test")), 200)));
            report.forEach(System.out::println);
            Path out = Path.of(System.getProperty("kcpack.workDir", "target"), "benchmark.txt");
            Files.write(out, report);
            System.out.println("written to " + out);
        }
    }

    /** A recovery code not used yet, its user, and an access token of that user. */
    private record UsableCode(TestUser user, String access, String code) {
    }

    private static List<UsableCode> usableCodes(TestEnvironment env, UserApi api, String realm, int count) {
        List<UsableCode> codes = new ArrayList<>();
        while (codes.size() < count) {
            TestUser user = env.newUser(realm);
            String access = env.accessToken(user);
            AuthenticatorApp app = AuthenticatorApp.scan(
                    UserApi.ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
            JsonNode recoveryCodes = UserApi.ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())))
                    .get("recoveryCodes");
            recoveryCodes.forEach(code -> codes.add(new UsableCode(user, access, code.asText())));
        }
        return codes;
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

    private static Http.Answer passwordGrant(TestEnvironment env, TestUser user) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
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
