package dev.kcpack.core.support;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Work that must wait until the request's transaction is over: the database has committed
 * (or rolled back) and Keycloak's stores have applied what the request wrote.
 */
public final class AfterTransaction {

    private AfterTransaction() {
    }

    /** Runs {@code action} once the transaction is over, committed or not. */
    public static void always(KeycloakSession session, Runnable action) {
        enlist(session, action, action);
    }

    /** Runs {@code action} only once the transaction has committed: what must follow a change that stuck. */
    public static void onCommit(KeycloakSession session, Runnable action) {
        enlist(session, action, () -> {
        });
    }

    /** Runs {@code action} only if the transaction is rolled back, so nothing half-done stays behind. */
    public static void onRollback(KeycloakSession session, Runnable action) {
        enlist(session, () -> {
        }, action);
    }

    private static void enlist(KeycloakSession session, Runnable onCommit, Runnable onRollback) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                onCommit.run();
            }

            @Override
            protected void rollbackImpl() {
                onRollback.run();
            }
        });
    }
}
