package dev.kcpack.core.trust;

import dev.kcpack.core.support.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Registers {@link SignOutEverywhere} in every realm: a trust must end in every realm. */
public final class SignOutEverywhereFactory extends GlobalEventListenerFactory {

    public static final String ID = "kcpack-trusted-devices";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SignOutEverywhere(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
