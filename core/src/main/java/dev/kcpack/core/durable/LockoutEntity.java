package dev.kcpack.core.durable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** The failure count and lock of one door and subject; a row of {@code KCPACK_LOCKOUT}. */
@Entity
@Table(name = "KCPACK_LOCKOUT")
@NamedQueries({
        @NamedQuery(name = "kcpackLockoutState",
                query = "select e.failures, e.lockedUntil, e.expiresAt from LockoutEntity e where e.id = :id"),
        @NamedQuery(name = "kcpackDeleteExpiredLockouts", query = "delete from LockoutEntity e where e.expiresAt < :now"),
        @NamedQuery(name = "kcpackDeleteRealmLockouts", query = "delete from LockoutEntity e where e.realmId = :realmId")
})
public class LockoutEntity extends ExpiringRow {

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    /** Epoch second until which no guess is checked. */
    @Column(name = "LOCKED_UNTIL", nullable = false)
    private long lockedUntil;

    public int getFailures() {
        return failures;
    }

    public void setFailures(int failures) {
        this.failures = failures;
    }

    public long getLockedUntil() {
        return lockedUntil;
    }

    public void setLockedUntil(long lockedUntil) {
        this.lockedUntil = lockedUntil;
    }
}
