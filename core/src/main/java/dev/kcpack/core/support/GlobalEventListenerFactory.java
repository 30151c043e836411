package dev.kcpack.core.support;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A listener of the pack that hears every realm's events without an admin adding it to the
 * realm's listeners: what it does (end trusts, tell users of changes) must hold in every realm.
 */
public abstract class GlobalEventListenerFactory implements EventListenerProviderFactory, OnSupportedKeycloak {

    @Override
    public final boolean isGlobal() {
        return true;
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
