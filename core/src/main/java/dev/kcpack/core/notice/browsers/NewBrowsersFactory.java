package dev.kcpack.core.notice.browsers;

import dev.kcpack.core.support.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Registers {@link NewBrowsers} in every realm, as the other notices (switched in the pack's settings). */
public final class NewBrowsersFactory extends GlobalEventListenerFactory {

    public static final String ID = "kcpack-new-browser";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new NewBrowsers(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
