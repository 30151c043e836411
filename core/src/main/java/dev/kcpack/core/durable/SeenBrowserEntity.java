package dev.kcpack.core.durable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A browser a user has signed in with (its kind, as Keycloak's device data names it, kept only
 * as a digest in the id); a row of {@code KCPACK_SEEN_BROWSER}, kept a year after its last
 * sign-in, so that a new one can be told to its owner.
 */
@Entity
@Table(name = "KCPACK_SEEN_BROWSER")
@NamedQueries({
        @NamedQuery(name = "kcpackCountUserSeenBrowsers",
                query = "select count(e) from SeenBrowserEntity e where e.userId = :userId and e.expiresAt >= :now"),
        @NamedQuery(name = "kcpackDeleteExpiredSeenBrowsers", query = "delete from SeenBrowserEntity e where e.expiresAt < :now"),
        @NamedQuery(name = "kcpackDeleteRealmSeenBrowsers", query = "delete from SeenBrowserEntity e where e.realmId = :realmId"),
        @NamedQuery(name = "kcpackDeleteUserSeenBrowsers", query = "delete from SeenBrowserEntity e where e.userId = :userId")
})
public class SeenBrowserEntity extends ExpiringRow {

    /** Keycloak's id of the user, so that the rows go with the user. */
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** Epoch second of the last sign-in seen. */
    @Column(name = "SEEN_AT", nullable = false)
    private long seenAt;

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public long getSeenAt() {
        return seenAt;
    }

    public void setSeenAt(long seenAt) {
        this.seenAt = seenAt;
    }
}
