package dev.kcpack.core.durable;

import jakarta.persistence.Entity;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A single-use thing (a partial token, a TOTP code) that has been used; a row of
 * {@code KCPACK_SPENT}, kept until the thing is void anyway.
 */
@Entity
@Table(name = "KCPACK_SPENT")
@NamedQueries({
        @NamedQuery(name = "kcpackDeleteExpiredSpent", query = "delete from SpentMarkEntity e where e.expiresAt < :now"),
        @NamedQuery(name = "kcpackDeleteRealmSpent", query = "delete from SpentMarkEntity e where e.realmId = :realmId")
})
public class SpentMarkEntity extends ExpiringRow {
}
