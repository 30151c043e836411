package dev.kcpack.core;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/** One mail per key (user, or address) per cooldown, counted in the cluster-wide single-use store. */
public final class MailCooldown {

    private static final String SENT_AT = "sentAt";

    private final SingleUseObjectProvider store;
    private final int cooldownSeconds;

    public MailCooldown(KeycloakSession session, RealmModel realm) {
        this.store = session.singleUseObjects();
        this.cooldownSeconds = PackSettings.of(realm).mailCooldown();
    }

    /** Whole seconds until another mail may go out under {@code key}; 0 when it may now. */
    public long secondsLeft(String key) {
        Map<String, String> state = store.get(key);
        if (state == null) {
            return 0;
        }
        return Math.max(0, Long.parseLong(state.get(SENT_AT)) + cooldownSeconds - Time.currentTime());
    }

    public void start(String key) {
        store.put(key, cooldownSeconds, Map.of(SENT_AT, Long.toString(Time.currentTime())));
    }
}
