package dev.kcpack.core.guard;

import java.util.Map;

import dev.kcpack.core.support.PackSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * The one gate every guess of a secret goes through, whichever door it comes by.
 *
 * <p>Failures of one subject at one door are counted in Keycloak's cluster-wide single-use
 * store. Counting alone is read-then-write, so a burst of parallel guesses would each
 * read the same count: the gate lets one guess of a subject and door be checked at a
 * time, cluster-wide, by taking a mark with the store's atomic {@code putIfAbsent}. The
 * mark is given back only after the request's transaction has completed, that is after
 * the database commit and after the store has applied this guess's own writes (the
 * store's writes are applied after completion, in the order of enlistment, and the mark
 * is enlisted later). So the next guess sees the failure count, the used recovery code or
 * the spent mailed code of this one. A guess that finds the mark taken is not checked
 * and is answered like a locked one, with a wait of one second.
 */
public final class AttemptGate {

    private static final String FAILURES = "failures";
    private static final String LOCKED_UNTIL = "lockedUntil";
    /** Longest a mark can outlive a node that died holding it. */
    private static final int MARK_SECONDS = 30;
    static final long BUSY_RETRY_SECONDS = 1;

    private final KeycloakSession session;
    private final RealmModel realm;
    /** The user guessing, when the subject is one; Keycloak's own lockout of them holds here too. */
    private final UserModel user;
    private final SingleUseObjectProvider store;
    private final String key;
    private final LockoutPolicy policy;
    private final int memorySeconds;

    /** The gate of {@code door} for {@code subject}: a user id, or whatever the door counts per. */
    public AttemptGate(KeycloakSession session, RealmModel realm, Door door, String subject) {
        this(session, realm, door, subject, null);
    }

    private AttemptGate(KeycloakSession session, RealmModel realm, Door door, String subject, UserModel user) {
        PackSettings settings = PackSettings.of(realm);
        this.session = session;
        this.realm = realm;
        this.user = user;
        // Taken now, so that the store's transaction is enlisted before the mark's release.
        this.store = session.singleUseObjects();
        this.key = "kcpack.limiter." + door.name() + "." + realm.getId() + "." + subject;
        this.policy = LockoutPolicy.of(settings);
        this.memorySeconds = settings.failureMemorySeconds();
    }

    public static AttemptGate of(KeycloakSession session, RealmModel realm, UserModel user, Door door) {
        return new AttemptGate(session, realm, door, user.getId(), user);
    }

    /**
     * Whole seconds until the next guess is allowed; 0 when it is allowed now. A user that
     * Keycloak's brute-force detection has locked waits for Keycloak too, so a token got
     * before the lockout (a partial auth token, say) does not get around it.
     */
    public long secondsUntilNextAttempt() {
        long keycloak = user == null ? 0 : new KeycloakLockout(session, realm).secondsLocked(user);
        Map<String, String> state = store.get(key);
        if (state == null) {
            return keycloak;
        }
        long lockedUntil = Long.parseLong(state.getOrDefault(LOCKED_UNTIL, "0"));
        return Math.max(keycloak, lockedUntil - Time.currentTime());
    }

    /**
     * Checks one guess with {@code check} unless the subject is locked out or another of
     * its guesses is being checked; a {@code REJECTED} outcome counts as a failure and an
     * {@code ACCEPTED} one forgives the earlier failures.
     */
    public Verification check(Check check) {
        long wait = secondsUntilNextAttempt();
        if (wait > 0) {
            return Verification.locked(wait);
        }
        if (!takeMark()) {
            return Verification.locked(BUSY_RETRY_SECONDS);
        }
        // The guess before ours may have earned a lock while we waited for the mark.
        wait = secondsUntilNextAttempt();
        if (wait > 0) {
            return Verification.locked(wait);
        }
        Verification result = check.run();
        switch (result.outcome()) {
            case REJECTED -> recordFailure();
            case ACCEPTED -> store.remove(key);
            default -> {
            }
        }
        return result;
    }

    /** One guess, checked while the gate is held. */
    @FunctionalInterface
    public interface Check {
        Verification run();
    }

    private void recordFailure() {
        Map<String, String> state = store.get(key);
        int failures = (state == null ? 0 : Integer.parseInt(state.getOrDefault(FAILURES, "0"))) + 1;
        long lock = policy.lockSecondsAfter(failures);
        store.put(key, Math.max(memorySeconds, lock), Map.of(
                FAILURES, Integer.toString(failures),
                LOCKED_UNTIL, Long.toString(Time.currentTime() + lock)));
    }

    private boolean takeMark() {
        String mark = key + ".checking";
        if (!store.putIfAbsent(mark, MARK_SECONDS)) {
            return false;
        }
        session.getTransactionManager().enlistAfterCompletion(new Release(store, mark));
        return true;
    }

    /** Gives the mark back once the request's transaction is over, committed or not. */
    private record Release(SingleUseObjectProvider store, String mark) implements KeycloakTransaction {
        @Override
        public void begin() {
        }

        @Override
        public void commit() {
            store.remove(mark);
        }

        @Override
        public void rollback() {
            store.remove(mark);
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }

        @Override
        public boolean isActive() {
            return true;
        }
    }
}
