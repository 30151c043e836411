package dev.kcpack.core.support;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.keycloak.models.RealmModel;

/**
 * The pack's counters on Keycloak's own metrics endpoint ({@code /metrics} on the
 * management port, with {@code --metrics-enabled=true}): Keycloak exports Micrometer's
 * global registry there. Tagged by realm, never by user or address, so the number of
 * series stays small and no metric tells who was attacked.
 */
public final class PackMetrics {

    private PackMetrics() {
    }

    /** One guess of a secret at {@code door} and what came of it (accepted, rejected, locked, ...). */
    public static void verification(RealmModel realm, String door, String outcome) {
        count("kcpack.verifications", "Guesses of a secret, by door and outcome", realm,
                "door", door, "outcome", outcome);
    }

    /** A failure at {@code door} that locked its subject. */
    public static void lockout(RealmModel realm, String door) {
        count("kcpack.lockouts", "Failures that locked a subject out of a door", realm, "door", door);
    }

    /** A request at a public door refused because the budget of its client address or of its realm was spent. */
    public static void budgetSpent(RealmModel realm, String door, String scope) {
        count("kcpack.budget.refusals", "Requests at public doors refused by a spent budget, by door and scope (address, realm)",
                realm, "door", door, "scope", scope);
    }

    /** A mail of the pack: sent, failed, refused because of the cooldown, refused because of the domain. */
    public static void mail(RealmModel realm, String result) {
        count("kcpack.mails", "Mails of the pack, by result", realm, "result", result);
    }

    /** A security notice ({@code kind}) mailed to a user: sent or failed. */
    public static void notice(RealmModel realm, String kind, String result) {
        count("kcpack.notices", "Security notices mailed to users, by kind and result", realm, "kind", kind, "result", result);
    }

    /** A two-step API login finished with {@code factor}. */
    public static void twoStepLogin(RealmModel realm, String factor) {
        count("kcpack.two.step.logins", "Two-step API logins finished, by second factor", realm, "factor", factor);
    }

    /** {@code tags}: names and values in turn; each name of a counter is always given, so its series line up. */
    private static void count(String name, String description, RealmModel realm, String... tags) {
        Counter.Builder counter = Counter.builder(name).description(description).tag("realm", realm.getName());
        for (int i = 0; i < tags.length; i += 2) {
            counter.tag(tags[i], tags[i + 1].toLowerCase(Locale.ROOT));
        }
        counter.register(Metrics.globalRegistry).increment();
    }
}
