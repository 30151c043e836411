package dev.kcpack.adminconsole;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * What the pack's admin-console pages share: no start-up work, and a component that is
 * refused, with every rule it breaks in one message, when {@link #problems} finds any.
 * Keycloak calls {@code validateConfiguration} on every write: the console, the admin REST
 * API and a realm import.
 */
abstract class CheckedPageFactory {

    /** What is wrong with {@code model}, one sentence each; empty when it may be written. */
    abstract List<String> problems(RealmModel realm, ComponentModel model);

    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        List<String> problems = problems(realm, model);
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join(" ", problems));
        }
    }

    public void init(Config.Scope config) {
    }

    public void postInit(KeycloakSessionFactory factory) {
    }

    public void close() {
    }
}
