package dev.kcpack.adminconsole;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Mounts {@link SettingsAdminResource} at {@code /admin/realms/{realm}/kcpack}: what the pack
 * does in a realm, for an admin on any Keycloak build (with or without the console pages).
 */
public final class SettingsAdminResourceFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        OnSupportedKeycloak {

    public static final String ID = "kcpack";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new SettingsAdminResource(session, realm, auth, adminEvent.resource(org.keycloak.events.admin.ResourceType.CLIENT));
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
