package dev.kcpack.core.mail;

import java.util.Map;

import dev.kcpack.core.support.PackMetrics;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * One mail per key (user, or address) per cooldown, in the cluster-wide single-use store.
 * The right to send is taken with the store's atomic {@code putIfAbsent}, so of many
 * parallel requests on any nodes exactly one sends; when it was taken is kept beside it
 * only to tell the others how long to wait.
 */
public final class MailCooldown {

    private static final String SENT_AT = "sentAt";

    private final RealmModel realm;
    private final SingleUseObjectProvider store;
    private final int cooldownSeconds;

    public MailCooldown(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.store = session.singleUseObjects();
        this.cooldownSeconds = PackSettings.of(realm).mailCooldown();
    }

    /** Whole seconds until another mail may go out under {@code key}; 0 when it may now. */
    public long secondsLeft(String key) {
        if (!store.contains(key)) {
            return 0;
        }
        Map<String, String> state = store.get(key + ".at");
        if (state == null || state.get(SENT_AT) == null) {
            // Taken a moment ago by a request still sending.
            return cooldownSeconds;
        }
        return Math.max(1, Long.parseLong(state.get(SENT_AT)) + cooldownSeconds - Time.currentTime());
    }

    /** Takes the right to send one mail under {@code key} now; false while the cooldown runs. */
    public boolean take(String key) {
        if (!store.putIfAbsent(key, cooldownSeconds)) {
            PackMetrics.mail(realm, "refused_cooldown");
            return false;
        }
        store.put(key + ".at", cooldownSeconds, Map.of(SENT_AT, Long.toString(Time.currentTime())));
        return true;
    }

    /** Gives the right back when the mail could not be sent, so the user may try again at once. */
    public void giveBack(String key) {
        store.remove(key);
        store.remove(key + ".at");
    }
}
