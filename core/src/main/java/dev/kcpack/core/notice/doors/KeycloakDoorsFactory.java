package dev.kcpack.core.notice.doors;

import dev.kcpack.core.support.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Registers {@link KeycloakDoors} in every realm: a user must hear of a change without an admin
 * adding a listener (each kind is switched in the pack's settings).
 */
public final class KeycloakDoorsFactory extends GlobalEventListenerFactory {

    public static final String ID = "kcpack-security-notices";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new KeycloakDoors(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
