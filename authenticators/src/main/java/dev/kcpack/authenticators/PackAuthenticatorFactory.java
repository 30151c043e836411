package dev.kcpack.authenticators;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import java.util.List;
import java.util.function.Function;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What the pack's authenticator factories have in common: a stateless singleton
 * authenticator (or one per session where Keycloak's base step needs it), no start-up work, no per-user setup. Each factory adds its id, texts,
 * category and requirement choices, and config properties where it has some.
 */
abstract class PackAuthenticatorFactory implements AuthenticatorFactory, OnSupportedKeycloak {

    private final Function<KeycloakSession, Authenticator> make;

    PackAuthenticatorFactory(Authenticator singleton) {
        this.make = session -> singleton;
    }

    /** For a step that holds its session (one built on a Keycloak authenticator that does). */
    PackAuthenticatorFactory(Function<KeycloakSession, Authenticator> make) {
        this.make = make;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return make.apply(session);
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
