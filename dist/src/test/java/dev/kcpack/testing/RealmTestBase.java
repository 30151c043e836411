package dev.kcpack.testing;

import dev.kcpack.demo.UserApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests that share one realm per test class: the run's
 * Keycloak and GreenMail, a realm imported from the realm export, its API and inbox.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RealmTestBase {

    protected TestEnvironment env;
    protected String realm;
    protected UserApi api;
    protected Inbox inbox;

    @BeforeAll
    void importRealm(TestEnvironment environment) {
        this.env = environment;
        this.realm = environment.newRealm();
        this.api = new UserApi(environment, realm);
        this.inbox = environment.inbox();
    }
}
