package dev.kcpack.core.durable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

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
        String id = id(door, subject);
        LockoutEntity row = em.find(LockoutEntity.class, id);
        boolean fresh = row == null;
        if (fresh) {
            row = new LockoutEntity();
            row.setId(id);
            row.setRealmId(realm.getId());
        }
        row.setFailures(lockout.failures());
        row.setLockedUntil(lockout.lockedUntil());
        row.setExpiresAt(Time.currentTime() + keepSeconds);
        if (fresh) {
            em.persist(row);
        }
    }

    public void forgetLockout(String door, String subject) {
        LockoutEntity row = em.find(LockoutEntity.class, id(door, subject));
        if (row != null) {
            em.remove(row);
        }
    }

    /** Whether {@code thing} of this kind has been used (and its mark has not expired). */
    public boolean isSpent(String kind, String thing) {
        SpentMarkEntity row = em.find(SpentMarkEntity.class, id(kind, thing));
        return row != null && row.getExpiresAt() >= Time.currentTime();
    }

    /** Marks {@code thing} as used for {@code keepSeconds}, after which it is void anyway. */
    public void spend(String kind, String thing, long keepSeconds) {
        String id = id(kind, thing);
        SpentMarkEntity row = em.find(SpentMarkEntity.class, id);
        boolean fresh = row == null;
        if (fresh) {
            row = new SpentMarkEntity();
            row.setId(id);
            row.setRealmId(realm.getId());
        }
        row.setExpiresAt(Time.currentTime() + keepSeconds);
        if (fresh) {
            em.persist(row);
        }
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
