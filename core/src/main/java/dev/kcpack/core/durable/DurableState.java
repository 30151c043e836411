package dev.kcpack.core.durable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What must outlive a restart of the whole cluster, in the pack's own tables of
 * Keycloak's database: the locks earned by wrong guesses, and the marks of single-use
 * things that were used. Writes join the request's transaction, so a mark or a failure
 * count is committed together with what it protects, or not at all.
 *
 * <p>Subjects (a user id, an address) and things (a token id, a code) are kept only as a
 * SHA-256 digest in the row's id: the tables list no addresses and no codes. Callers
 * serialize their writes per row (the attempt gate, a claim in the single-use store), so
 * two requests never insert the same row, and each reads what the one before committed.
 */
public final class DurableState {

    private static final String PASSKEY_USE = "passkey-use";
    private static final String SEEN_BROWSER = "browser";

    private final EntityManager em;
    private final RealmModel realm;

    public DurableState(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    /** Failures counted so far and the epoch second until which guesses wait. */
    public record Lockout(int failures, long lockedUntil) {
    }

    /**
     * The lockout as the database has it now. Read with a query of the row's values, not
     * {@code find}: an entity read earlier in the request stays in the persistence context,
     * and the gate reads again right after taking its mark to see what the guess before
     * committed meanwhile (possibly on another node).
     */
    public Optional<Lockout> lockout(String door, String subject) {
        List<Object[]> rows = em.createNamedQuery("kcpackLockoutState", Object[].class)
                .setParameter("id", id(door, subject))
                .getResultList();
        if (rows.isEmpty() || (long) rows.get(0)[2] < Time.currentTime()) {
            return Optional.empty();
        }
        return Optional.of(new Lockout((int) rows.get(0)[0], (long) rows.get(0)[1]));
    }

    /** Records {@code lockout}, remembered for {@code keepSeconds}. */
    public void saveLockout(String door, String subject, Lockout lockout, long keepSeconds) {
        LockoutEntity row = row(LockoutEntity.class, LockoutEntity::new, id(door, subject), keepSeconds);
        row.setFailures(lockout.failures());
        row.setLockedUntil(lockout.lockedUntil());
    }

    public void forgetLockout(String door, String subject) {
        LockoutEntity row = em.find(LockoutEntity.class, id(door, subject));
        if (row != null) {
            em.remove(row);
        }
    }

    /**
     * The used-mark of {@code thing} of this kind, read once: whether it is spent, and spending it
     * later in the request without reading the row again.
     */
    public SpentMark spentMark(String kind, String thing) {
        String id = id(kind, thing);
        return new SpentMark(id, em.find(SpentMarkEntity.class, id));
    }

    /** A used-mark as read by {@link #spentMark}; its row was {@code null} when there was none. */
    public final class SpentMark {

        private final String id;
        private SpentMarkEntity row;

        private SpentMark(String id, SpentMarkEntity row) {
            this.id = id;
            this.row = row;
        }

        /** Whether the thing has been used (and its mark has not expired). */
        public boolean spent() {
            return row != null && row.getExpiresAt() >= Time.currentTime();
        }

        /**
         * Marks the thing used for {@code keepSeconds}, after which it is void anyway. Callers hold
         * the thing's claim or gate, so no other request wrote the row since it was read.
         */
        public void spend(long keepSeconds) {
            row = keep(row, SpentMarkEntity::new, id, keepSeconds);
        }
    }

    /** Records that the passkey {@code credentialId} (Keycloak's credential id) was used now; kept {@code keepSeconds}. */
    public void passkeyUsed(String credentialId, long keepSeconds) {
        row(PasskeyUseEntity.class, PasskeyUseEntity::new, id(PASSKEY_USE, credentialId), keepSeconds)
                .setUsedAt(Time.currentTimeMillis());
    }

    /** The epoch millisecond the passkey was last used, if it was within the time its use is kept. */
    public Optional<Long> passkeyLastUsed(String credentialId) {
        PasskeyUseEntity row = em.find(PasskeyUseEntity.class, id(PASSKEY_USE, credentialId));
        return row == null || row.getExpiresAt() < Time.currentTime() ? Optional.empty() : Optional.of(row.getUsedAt());
    }

    public void forgetPasskeyUse(String credentialId) {
        PasskeyUseEntity row = em.find(PasskeyUseEntity.class, id(PASSKEY_USE, credentialId));
        if (row != null) {
            em.remove(row);
        }
    }

    /** When {@code userId} last signed in with the browser of kind {@code browser} (epoch second), within the year it is kept. */
    public Optional<Long> browserSeenAt(String userId, String browser) {
        SeenBrowserEntity row = em.find(SeenBrowserEntity.class, id(SEEN_BROWSER, userId + "\n" + browser));
        return row == null || row.getExpiresAt() < Time.currentTime() ? Optional.empty() : Optional.of(row.getSeenAt());
    }

    /** Whether {@code userId} has signed in with any browser within the time one is kept. */
    public boolean anyBrowserSeen(String userId) {
        return em.createNamedQuery("kcpackCountUserSeenBrowsers", Long.class)
                .setParameter("userId", userId).setParameter("now", Time.currentTime())
                .getSingleResult() > 0;
    }

    /** Records a sign-in of {@code userId} with the browser of kind {@code browser} now, kept {@code keepSeconds}. */
    public void browserSeen(String userId, String browser, long keepSeconds) {
        SeenBrowserEntity row = row(SeenBrowserEntity.class, () -> {
            // Its user is part of a new row (a column that may not be null when it is persisted).
            SeenBrowserEntity made = new SeenBrowserEntity();
            made.setUserId(userId);
            return made;
        }, id(SEEN_BROWSER, userId + "\n" + browser), keepSeconds);
        row.setSeenAt(Time.currentTime());
    }

    /** The managed row {@code id}, made and persisted if there is none, kept {@code keepSeconds} from now. */
    private <T extends ExpiringRow> T row(Class<T> type, Supplier<T> make, String id, long keepSeconds) {
        return keep(em.find(type, id), make, id, keepSeconds);
    }

    /** {@code found} (the row as read, or {@code null}: then a new one) kept for {@code keepSeconds} from now. */
    private <T extends ExpiringRow> T keep(T found, Supplier<T> make, String id, long keepSeconds) {
        T row = found;
        if (row == null) {
            row = make.get();
            row.setId(id);
            row.setRealmId(realm.getId());
            em.persist(row);
        }
        row.setExpiresAt(Time.currentTime() + keepSeconds);
        return row;
    }

    private String id(String kind, String subject) {
        return kind + "." + realm.getId() + "." + digest(subject);
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
