package dev.kcpack.rest;

import dev.kcpack.core.support.PackEvents;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

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

    /** An event of a login with no caller yet: its client, and the user once the request named one. */
    EventBuilder event(EventType type, ClientModel client, UserModel user, String operation) {
        EventBuilder event = new EventBuilder(session.getContext().getRealm(), session,
                session.getContext().getConnection())
                .event(type)
                .client(client)
                .detail(PackEvents.OPERATION, operation);
        return user == null ? event : event.user(user);
    }
}
