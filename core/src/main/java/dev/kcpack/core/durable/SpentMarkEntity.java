package dev.kcpack.core.durable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A single-use thing (a partial token, a TOTP code) that has been used; a row of {@code KCPACK_SPENT}. */
@Entity
@Table(name = "KCPACK_SPENT")
@NamedQueries({
        @NamedQuery(name = "kcpackDeleteExpiredSpent", query = "delete from SpentMarkEntity e where e.expiresAt < :now"),
        @NamedQuery(name = "kcpackDeleteRealmSpent", query = "delete from SpentMarkEntity e where e.realmId = :realmId")
})
public class SpentMarkEntity {

    @Id
    @Column(name = "ID", length = 255)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Epoch second after which the thing is void anyway, so the mark may go. */
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

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
