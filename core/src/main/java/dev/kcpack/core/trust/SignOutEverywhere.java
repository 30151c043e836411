package dev.kcpack.core.trust;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Ends every trusted browser of a user who signs out everywhere in the Account Console
 * ("Sign out all devices": {@code DELETE /realms/{realm}/account/sessions}). That request
 * leaves no mark on the user, only one {@code LOGOUT} event per session, in its own
 * transaction; a single logout (one app, one session of the list) leaves trust alone, as a
 * "remember this browser" should. The admin console's sign-out of a user moves Keycloak's
 * "not before", which {@link TrustedDevices} reads itself.
 */
public final class SignOutEverywhere implements EventListenerProvider {

    private static final String ACCOUNT_SESSIONS = "/account/sessions";

    private final KeycloakSession session;

    SignOutEverywhere(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.LOGOUT || event.getUserId() == null || !allSessionsRequest()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user != null) {
            new TrustedDevices(session, realm, user).revokeAll();
        }
    }

    private boolean allSessionsRequest() {
        var context = session.getContext();
        if (context == null || context.getHttpRequest() == null || context.getUri() == null) {
            return false;
        }
        String path = context.getUri().getRequestUri().getRawPath();
        return "DELETE".equals(context.getHttpRequest().getHttpMethod())
                && path != null && (path.endsWith(ACCOUNT_SESSIONS) || path.endsWith(ACCOUNT_SESSIONS + "/"));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
