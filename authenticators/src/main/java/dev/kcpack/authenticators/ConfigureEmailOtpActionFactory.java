package dev.kcpack.authenticators;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link ConfigureEmailOtpAction} as the required action {@value #ID}. */
public final class ConfigureEmailOtpActionFactory implements RequiredActionFactory, OnSupportedKeycloak {

    public static final String ID = dev.kcpack.core.emailotp.EmailOtpCredentialProviderFactory.SETUP_ACTION;

    private static final ConfigureEmailOtpAction SINGLETON = new ConfigureEmailOtpAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayText() {
        return "Set up sign-in codes by email (kcpack)";
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
