package dev.kcpack.core.trust;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link SignOutEverywhere} as a global event listener: it must hold in every realm
 * without an admin adding it to the realm's listeners, as a trust must end in every realm.
 */
public final class SignOutEverywhereFactory implements EventListenerProviderFactory, OnSupportedKeycloak {

    public static final String ID = "kcpack-trusted-devices";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SignOutEverywhere(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
