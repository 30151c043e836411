package dev.kcpack.core.durable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * When a passkey was last used (#20); a row of {@code KCPACK_PASSKEY_USE}. Keycloak's WebAuthn
 * credential keeps only its signature counter, and its row is Keycloak's to write.
 */
@Entity
@Table(name = "KCPACK_PASSKEY_USE")
@NamedQueries({
        @NamedQuery(name = "kcpackDeleteExpiredPasskeyUse", query = "delete from PasskeyUseEntity e where e.expiresAt < :now"),
        @NamedQuery(name = "kcpackDeleteRealmPasskeyUse", query = "delete from PasskeyUseEntity e where e.realmId = :realmId")
})
public class PasskeyUseEntity extends ExpiringRow {

    /** Epoch millisecond of the last accepted use. */
    @Column(name = "USED_AT", nullable = false)
    private long usedAt;

    public long getUsedAt() {
        return usedAt;
    }

    public void setUsedAt(long usedAt) {
        this.usedAt = usedAt;
    }
}
