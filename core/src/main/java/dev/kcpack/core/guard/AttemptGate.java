package dev.kcpack.core.guard;

import java.util.Optional;

import dev.kcpack.core.durable.DurableState;
import dev.kcpack.core.support.AfterTransaction;
import dev.kcpack.core.support.FreshUser;
import dev.kcpack.core.support.PackMetrics;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * The one gate every guess of a secret goes through, whichever door it comes by.
 *
 * <p>Failures of one subject at one door are counted in the pack's table in Keycloak's
 * database ({@link DurableState}), so a lock earned before a restart of the whole cluster
 * still holds after it. Counting alone is read-then-write, so a burst of parallel guesses
 * would each read the same count: the gate lets one guess of a subject and door be
 * checked at a time, cluster-wide, by taking a mark with the atomic {@code putIfAbsent}
 * of Keycloak's single-use store. The mark is given back only after the request's
 * transaction has completed, that is after the database commit and after the store has
 * applied this guess's own writes (the store's writes are applied after completion, in
 * the order of enlistment, and the mark is enlisted later). So the next guess sees the
 * failure count, the used recovery code or the spent mailed code of this one (a door whose
 * secret lives in the user's credentials reads the user fresh, past this node's cache). A guess
 * that finds the mark taken is not checked and is answered like a locked one, with the
 * subject's lockout wait if it has one, else a wait of one second. The lockout is read
 * once per checked guess, after the mark is taken, so it is what the guess before committed. A node that dies holding a mark blocks that subject's guesses for
 * at most {@value #MARK_SECONDS} seconds.
 */
public final class AttemptGate {

    /** Longest a mark can outlive a node that died holding it. */
    private static final int MARK_SECONDS = 30;
    static final long BUSY_RETRY_SECONDS = 1;

    private final KeycloakSession session;
    private final RealmModel realm;
    /** The user guessing, when the subject is one; Keycloak's own lockout of them holds here too. */
    private final UserModel user;
    private final SingleUseObjectProvider store;
    private final DurableState durable;
    private final String door;
    private final String subject;
    private final String markKey;
    private final LockoutPolicy policy;
    private final int memorySeconds;
    private final boolean freshUser;
    /** What the last read found on record: failures a right guess forgives and a wrong one adds to. */
    private Optional<DurableState.Lockout> onRecord = Optional.empty();

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
        this.durable = new DurableState(session, realm);
        this.door = door.name();
        this.subject = subject;
        this.markKey = "kcpack.limiter." + door.name() + "." + realm.getId() + "." + subject + ".checking";
        this.policy = LockoutPolicy.of(settings);
        this.memorySeconds = settings.failureMemorySeconds();
        this.freshUser = door.secretInUser();
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
        Optional<DurableState.Lockout> lockout = durable.lockout(door, subject);
        onRecord = lockout;
        long own = lockout.map(l -> l.lockedUntil() - Time.currentTime()).orElse(0L);
        return Math.max(keycloak, Math.max(0, own));
    }

    /**
     * Checks one guess with {@code check} unless the subject is locked out or another of
     * its guesses is being checked; a {@code REJECTED} outcome counts as a failure and an
     * {@code ACCEPTED} one forgives the earlier failures.
     */
    public Verification check(Check check) {
        Verification result = checkOnce(check);
        PackMetrics.verification(realm, door, result.outcome().name());
        return result;
    }

    private Verification checkOnce(Check check) {
        if (!takeMark()) {
            // Another guess of this subject is being checked; a locked subject still hears its own wait.
            long wait = secondsUntilNextAttempt();
            return Verification.locked(wait > 0 ? wait : BUSY_RETRY_SECONDS);
        }
        // Read once the mark is ours: what the guess before ours committed, maybe on another node (its lock).
        long wait = secondsUntilNextAttempt();
        if (wait > 0) {
            return Verification.locked(wait);
        }
        // ... and its used recovery code or passkey counter, where the secret lives in the user's credentials.
        if (freshUser) {
            FreshUser.reload(session, realm, user);
        }
        Verification result = check.run();
        switch (result.outcome()) {
            case REJECTED -> recordFailure();
            case ACCEPTED -> {
                if (onRecord.isPresent()) {
                    durable.forgetLockout(door, subject);
                }
            }
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
        // As read under the mark: no other guess of this subject has counted since.
        int failures = onRecord.map(DurableState.Lockout::failures).orElse(0) + 1;
        long lock = policy.lockSecondsAfter(failures);
        durable.saveLockout(door, subject, new DurableState.Lockout(failures, Time.currentTime() + lock),
                Math.max(memorySeconds, lock));
        if (lock > 0) {
            PackMetrics.lockout(realm, door);
        }
    }

    private boolean takeMark() {
        String mark = markKey;
        if (!store.putIfAbsent(mark, MARK_SECONDS)) {
            return false;
        }
        AfterTransaction.always(session, () -> store.remove(mark));
        return true;
    }
}
