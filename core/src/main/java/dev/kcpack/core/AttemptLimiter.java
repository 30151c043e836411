package dev.kcpack.core;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Failed guesses of one factor by one user, kept in Keycloak's cluster-wide
 * single-use store so every node, the login steps and the REST API share it.
 */
public final class AttemptLimiter {

    private static final String FAILURES = "failures";
    private static final String LOCKED_UNTIL = "lockedUntil";

    private final SingleUseObjectProvider store;
    private final String key;
    private final LockoutPolicy policy;
    private final int memorySeconds;

    public AttemptLimiter(KeycloakSession session, RealmModel realm, UserModel user, Factor factor) {
        PackSettings settings = PackSettings.of(realm);
        this.store = session.singleUseObjects();
        this.key = "kcpack.limiter." + factor.name() + "." + realm.getId() + "." + user.getId();
        this.policy = LockoutPolicy.of(settings);
        this.memorySeconds = settings.failureMemorySeconds();
    }

    /** Whole seconds until the next guess is allowed; 0 when it is allowed now. */
    public long secondsUntilNextAttempt() {
        Map<String, String> state = store.get(key);
        if (state == null) {
            return 0;
        }
        long lockedUntil = Long.parseLong(state.getOrDefault(LOCKED_UNTIL, "0"));
        return Math.max(0, lockedUntil - Time.currentTime());
    }

    /** Counts a wrong guess; returns the seconds of lock it earned (0 while failures are free). */
    public long recordFailure() {
        Map<String, String> state = store.get(key);
        int failures = (state == null ? 0 : Integer.parseInt(state.getOrDefault(FAILURES, "0"))) + 1;
        long lock = policy.lockSecondsAfter(failures);
        long lockedUntil = Time.currentTime() + lock;
        store.put(key, Math.max(memorySeconds, lock), Map.of(
                FAILURES, Integer.toString(failures),
                LOCKED_UNTIL, Long.toString(lockedUntil)));
        return lock;
    }

    /** A right guess forgives earlier failures. */
    public void recordSuccess() {
        store.remove(key);
    }
}
