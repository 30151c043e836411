package dev.kcpack.rest;

import dev.kcpack.core.guard.DoorBudgets;
import dev.kcpack.core.guard.PublicDoor;
import org.keycloak.models.KeycloakSession;

/**
 * The budgets of the operations anyone may call, checked once the request is well formed (a
 * malformed one costs nothing and is answered 400) and before it does any work.
 */
final class PublicDoors {

    private PublicDoors() {
    }

    /** Counts the request at {@code door}; a spent budget is answered 429 {@code tooManyCode} with the seconds left. */
    static void admit(KeycloakSession session, PublicDoor door, String tooManyCode) {
        long wait = new DoorBudgets(session, session.getContext().getRealm()).admit(door);
        if (wait > 0) {
            throw ApiException.tooManyRequests(tooManyCode, wait);
        }
    }
}
