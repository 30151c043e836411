package dev.kcpack.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import dev.kcpack.core.compat.SupportedKeycloak;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the pack's REST surface at {@code /realms/{realm}/user}; the pack's face to the
 * admin: the one start-up line, and its versions in the server info ("Provider info").
 */
public final class UserApiProviderFactory implements RealmResourceProviderFactory, OnSupportedKeycloak,
        ServerInfoAwareProviderFactory {

    /** The path segment after {@code /realms/{realm}/}; the contract fixes it. */
    public static final String ID = "user";

    private static final Logger LOG = Logger.getLogger("dev.kcpack");

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new UserApiProvider(session);
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        if (SupportedKeycloak.isRunningOne()) {
            return true;
        }
        LOG.errorf("kcpack %s does not start on Keycloak %s: it supports Keycloak %s; none of its providers is enabled",
                SupportedKeycloak.packVersion(), SupportedKeycloak.running(), SupportedKeycloak.RANGE);
        return false;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        String running = SupportedKeycloak.running();
        if (SupportedKeycloak.isNewerThanTested(running)) {
            LOG.warnf("kcpack %s started on Keycloak %s, newer than it was tested on (%s)",
                    SupportedKeycloak.packVersion(), running, SupportedKeycloak.RANGE);
        } else {
            LOG.infof("kcpack %s started on Keycloak %s (supported: %s; admin-console pages %s)",
                    SupportedKeycloak.packVersion(), running, SupportedKeycloak.RANGE, consolePages());
        }
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("kcpack-version", SupportedKeycloak.packVersion());
        info.put("keycloak-version", SupportedKeycloak.running());
        info.put("supported-keycloak", SupportedKeycloak.RANGE);
        info.put("admin-console-pages", consolePages());
        info.put("settings", "each realm's: GET /admin/realms/{realm}/kcpack/settings");
        return info;
    }

    /** The settings tab and mail-brands page need Keycloak's declarative UI (experimental); the pack does not. */
    private static String consolePages() {
        return Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI) ? "on (declarative-ui)"
                : "off (declarative-ui not enabled; settings through admin REST and realm import)";
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
