package dev.kcpack.authenticators;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What the pack's authenticator factories have in common: a stateless singleton
 * authenticator, no start-up work, no per-user setup. Each factory adds its id, texts,
 * category and requirement choices, and config properties where it has some.
 */
abstract class PackAuthenticatorFactory implements AuthenticatorFactory, OnSupportedKeycloak {

    private final Authenticator singleton;

    PackAuthenticatorFactory(Authenticator singleton) {
        this.singleton = singleton;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return singleton;
    }

    @Override
    public boolean isConfigurable() {
        return !getConfigProperties().isEmpty();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
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
