package dev.kcpack.core.durable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** The failure count and lock of one door and subject; a row of {@code KCPACK_LOCKOUT}. */
@Entity
@Table(name = "KCPACK_LOCKOUT")
@NamedQueries({
        @NamedQuery(name = "kcpackDeleteExpiredLockouts", query = "delete from LockoutEntity e where e.expiresAt < :now"),
        @NamedQuery(name = "kcpackDeleteRealmLockouts", query = "delete from LockoutEntity e where e.realmId = :realmId")
})
public class LockoutEntity {

    @Id
    @Column(name = "ID", length = 255)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    /** Epoch second until which no guess is checked. */
    @Column(name = "LOCKED_UNTIL", nullable = false)
    private long lockedUntil;

    /** Epoch second after which the row is forgotten. */
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

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

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
