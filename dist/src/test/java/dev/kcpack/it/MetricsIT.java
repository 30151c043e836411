package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/**
 * The pack's counters on Keycloak's own {@code /metrics} (management port, metrics
 * enabled), scraped as Prometheus would: verifications by door and outcome, lockouts,
 * mails by result, two-step logins by factor, each tagged with the realm and nothing
 * that names a user.
 */
class MetricsIT extends RealmTestBase {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+([0-9.Ee+-]+)$", Pattern.MULTILINE);

    @Test
    void thePacksCountersAreOnKeycloaksMetricsEndpointTaggedByRealm() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        packLimiterAlone(() -> {
            for (int i = 0; i < 5; i++) {
                assertEquals(401, api.post("/2fa/totp/authenticate", access, Map.of("totp", app.wrongCode())).status());
            }
            assertEquals(429, api.post("/2fa/totp/authenticate", access, Map.of("totp", app.code())).status());
        });

        TestUser twoStep = env.newUser(realm);
        String twoStepAccess = env.accessToken(twoStep);
        AuthenticatorApp twoStepApp = AuthenticatorApp.scan(
                ok(api.post("/2fa/totp/setup", twoStepAccess, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", twoStepAccess, Map.of("totp", twoStepApp.code())));
        ok(api.post("/2fa/totp/authenticate", env.partialToken(twoStep), Map.of("totp", twoStepApp.code())));

        TestUser resetting = env.newUser(realm);
        inbox.after(resetting.email(), () -> ok(api.post("/password/reset/send", null, Map.of("email", resetting.email()))));
        assertEquals(429, api.post("/password/reset/send", null, Map.of("email", resetting.email())).status());
        assertEquals(403, api.post("/2fa/email-otp/setup", env.accessToken(resetting),
                Map.of("email", "me@mailinator.com")).status());

        String metrics = Http.send(Http.request(env.managementUrl() + "/metrics").GET().build()).body();
        assertAll(
                () -> assertEquals(5, value(metrics, "kcpack_verifications_total", "door", "totp", "outcome", "rejected")),
                () -> assertEquals(1, value(metrics, "kcpack_verifications_total", "door", "totp", "outcome", "locked")),
                () -> assertEquals(3, value(metrics, "kcpack_verifications_total", "door", "totp", "outcome", "accepted")),
                () -> assertEquals(1, value(metrics, "kcpack_lockouts_total", "door", "totp")),
                () -> assertEquals(1, value(metrics, "kcpack_two_step_logins_total", "factor", "totp")),
                () -> assertEquals(1, value(metrics, "kcpack_mails_total", "result", "sent")),
                () -> assertEquals(1, value(metrics, "kcpack_mails_total", "result", "refused_cooldown")),
                () -> assertEquals(1, value(metrics, "kcpack_mails_total", "result", "refused_domain")),
                () -> assertFalse(metrics.contains(user.id()) || metrics.contains(user.username())
                        || metrics.contains(resetting.email()), "no metric names a user"));
    }

    /** The value of the sample of {@code name} in this class's realm with the labels {@code labels} (name, value, ...). */
    private double value(String metrics, String name, String... labels) {
        Matcher sample = SAMPLE.matcher(metrics);
        double found = 0;
        boolean seen = false;
        while (sample.find()) {
            if (!sample.group(1).equals(name)) {
                continue;
            }
            String given = sample.group(2);
            boolean matches = given.contains("realm=\"" + realm + "\"");
            for (int i = 0; i < labels.length; i += 2) {
                matches &= given.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                found += Double.parseDouble(sample.group(3));
                seen = true;
            }
        }
        assertTrue(seen, "no sample " + name + " " + String.join(",", labels) + " of realm " + realm + " in:\n"
                + metrics.lines().filter(l -> l.startsWith("kcpack")).reduce("", (a, b) -> a + b + "\n"));
        return found;
    }
}
