package dev.kcpack.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the pack's REST surface at {@code /realms/{realm}/user}. */
public final class UserApiProviderFactory implements RealmResourceProviderFactory {

    /** The path segment after {@code /realms/{realm}/}; the contract fixes it. */
    public static final String ID = "user";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new UserApiProvider(session);
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

    @Override
    public String getId() {
        return ID;
    }
}
