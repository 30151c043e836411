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

    /** The body of a test of the pack's own limiter. */
    @FunctionalInterface
    protected interface LimiterTest {
        void run() throws Exception;
    }

    /**
     * Runs {@code test} with Keycloak's brute-force detection off in this class's realm:
     * for tests of the pack's own limiter, which Keycloak's quick-login check (two failures
     * within a second lock the user) would otherwise pre-empt. KeycloakLockoutIT tests the two together.
     */
    protected void packLimiterAlone(LimiterTest test) {
        env.admin().setBruteForceProtected(realm, false);
        try {
            test.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            env.admin().setBruteForceProtected(realm, true);
        }
    }
}
