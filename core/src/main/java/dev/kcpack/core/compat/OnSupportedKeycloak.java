package dev.kcpack.core.compat;

import org.keycloak.Config;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

/**
 * Every provider factory of the pack: Keycloak leaves it out (does not start it) on a
 * Keycloak older than the pack supports, so nothing of the pack half-works there. The REST
 * factory says so in the log, once.
 */
public interface OnSupportedKeycloak extends EnvironmentDependentProviderFactory {

    @Override
    default boolean isSupported(Config.Scope config) {
        return SupportedKeycloak.isRunningOne();
    }
}
