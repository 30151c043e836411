package dev.kcpack.core.notice.browsers;

import java.util.Optional;

import dev.kcpack.core.durable.DurableState;
import dev.kcpack.core.notice.SecurityNotice;
import dev.kcpack.core.notice.SecurityNotices;
import dev.kcpack.core.sessions.UserSessions;
import dev.kcpack.core.settings.PackSettings;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.account.DeviceRepresentation;

/**
 * Tells a user of a sign-in from a browser not seen for them before, as Google and GitHub do:
 * every successful login (Keycloak's login pages, its password grant, the pack's two-step and
 * passkey logins) is heard as Keycloak's {@code LOGIN} event. A browser is its kind as
 * Keycloak's device data names it (browser family, operating system, device; not the version,
 * which changes with every update, nor the IP address, which changes with every network), kept
 * a year after its last sign-in. A user's first sign-in ever (or since the pack came) is
 * recorded without a notice: there is nothing to compare it with.
 *
 * <p>The common case costs one read by primary key. The first sign-in with a browser, and one
 * a day after, writes in a transaction of its own, so two sign-ins of one user at the same
 * moment never fail a login over this row; the one that loses tells nothing.
 */
public final class NewBrowsers implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(NewBrowsers.class);
    private static final long KEEP_SECONDS = 366L * 24 * 3600;
    /** A browser seen again within a day is not written again: its year is long enough. */
    private static final long REFRESH_SECONDS = 24L * 3600;

    private final KeycloakSession session;

    NewBrowsers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.LOGIN || event.getUserId() == null || event.getRealmId() == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !realm.getId().equals(event.getRealmId())
                || !PackSettings.of(realm).notifies(SecurityNotice.NEW_BROWSER.setting())) {
            return;
        }
        DeviceRepresentation device = session.getProvider(DeviceRepresentationProvider.class).deviceRepresentation();
        if (device == null) {
            // No User-Agent (or one too long for Keycloak to read): nothing to tell a browser by.
            return;
        }
        String kind = kind(device);
        String userId = event.getUserId();
        DurableState state = new DurableState(session, realm);
        Optional<Long> seenAt = state.browserSeenAt(userId, kind);
        if (seenAt.isPresent() && seenAt.get() > Time.currentTime() - REFRESH_SECONDS) {
            return;
        }
        boolean first = seenAt.isEmpty() && !state.anyBrowserSeen(userId);
        if (!record(realm.getId(), userId, kind) || seenAt.isPresent() || first) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user != null) {
            String where = event.getIpAddress() == null ? "" : ", " + event.getIpAddress();
            new SecurityNotices(session, realm).tell(user, SecurityNotice.NEW_BROWSER, UserSessions.summary(device) + where);
        }
    }

    /** Records the sign-in in a transaction of its own; false when another one recorded it at the same moment. */
    private boolean record(String realmId, String userId, String kind) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), writing ->
                    new DurableState(writing, writing.realms().getRealm(realmId)).browserSeen(userId, kind, KEEP_SECONDS));
            return true;
        } catch (RuntimeException concurrent) {
            LOG.debugf("realm %s: a sign-in of user %s with a new browser was recorded by another request: %s",
                    realmId, userId, concurrent.getMessage());
            return false;
        }
    }

    /** What a browser is, for this purpose: its family, its system and its device, without versions. */
    static String kind(DeviceRepresentation device) {
        String browser = device.getBrowser() == null ? DeviceRepresentation.UNKNOWN : device.getBrowser();
        int slash = browser.indexOf('/');
        return (slash < 0 ? browser : browser.substring(0, slash)) + "\n" + device.getOs() + "\n" + device.getDevice();
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
