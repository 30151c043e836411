package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackPaths;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/**
 * The typed TypeScript client ({@code clients/typescript}) against the real server: its
 * lockfile installed with {@code npm ci}, its types generated from {@code docs/openapi.json},
 * built with {@code tsc}, and its tests run with Node's test runner on this class's realm
 * and users.
 */
class TypeScriptClientIT extends RealmTestBase {

    @Test
    void theTypeScriptClientsTestsPassAgainstTheServer() throws Exception {
        env.admin().setBruteForceProtected(realm, false);
        TestUser plain = env.newUser(realm);
        TestUser withTotp = env.newUser(realm);
        String secret = enrolTotp(withTotp);
        TestUser locked = env.newUser(realm);
        enrolTotp(locked);

        Path client = PackPaths.existing("kcpack.tsClient");
        Path log = PackPaths.existing("kcpack.workDir").resolve("typescript-client.log");
        Files.deleteIfExists(log);
        Map<String, String> vars = Map.ofEntries(
                Map.entry("KCPACK_BASE_URL", env.baseUrl()),
                Map.entry("KCPACK_REALM", realm),
                Map.entry("KCPACK_PLAIN_USER", plain.username()),
                Map.entry("KCPACK_PLAIN_PASSWORD", plain.password()),
                Map.entry("KCPACK_TOTP_USER", withTotp.username()),
                Map.entry("KCPACK_TOTP_PASSWORD", withTotp.password()),
                Map.entry("KCPACK_TOTP_SECRET", secret),
                Map.entry("KCPACK_LOCKED_USER", locked.username()),
                Map.entry("KCPACK_LOCKED_PASSWORD", locked.password()));
        for (List<String> step : List.of(List.of("npm", "ci", "--no-audit", "--no-fund"),
                List.of("npm", "run", "build"), List.of("npm", "test"))) {
            int exit = run(client, step, vars, log);
            assertEquals(0, exit, String.join(" ", step) + " failed:\n" + Files.readString(log));
        }
        System.out.println(Files.readString(log));
    }

    /** TOTP on for {@code user}; the secret as the app shows it (base32). */
    private String enrolTotp(TestUser user) {
        String access = env.accessToken(user);
        String url = ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText();
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", AuthenticatorApp.scan(url).code())));
        return Arrays.stream(URI.create(url).getRawQuery().split("&"))
                .filter(pair -> pair.startsWith("secret="))
                .map(pair -> URLDecoder.decode(pair.substring("secret=".length()), StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
    }

    private static int run(Path dir, List<String> command, Map<String, String> vars, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(vars);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
        }
        return process.exitValue();
    }
}
