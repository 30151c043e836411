package dev.kcpack.rest;

import dev.kcpack.core.support.PackEvents;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/** Keycloak events for what the API changes and verifies, so admins see an audit trail. */
final class ApiEvents {

    private final KeycloakSession session;

    ApiEvents(KeycloakSession session) {
        this.session = session;
    }

    EventBuilder event(EventType type, Caller caller, String operation) {
        EventBuilder event = new EventBuilder(session.getContext().getRealm(), session,
                session.getContext().getConnection())
                .event(type)
                .user(caller.user())
                .client(caller.clientId())
                .detail(PackEvents.OPERATION, operation);
        if (caller.userSession() != null) {
            event.session(caller.userSession());
        }
        return event;
    }
}
