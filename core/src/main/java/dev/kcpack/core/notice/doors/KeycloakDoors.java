package dev.kcpack.core.notice.doors;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcpack.core.notice.SecurityNotice;
import dev.kcpack.core.notice.SecurityNotices;
import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.trust.TrustedDevices;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The security notices of changes made through Keycloak's own doors, heard as its events: its
 * login pages' required actions (a new password, an authenticator app, a security key), its
 * reset-credentials flow, the Account Console (it removes credentials over Keycloak's account
 * API and sets passwords and factors through the same required actions) and the admin console
 * (a password reset, a credential removed, an address changed). The pack's own changes tell the user where they
 * are made ({@code SecurityNotices}); their events carry {@link PackEvents#OPERATION} and are
 * passed over here, and one request never tells one kind twice.
 */
public final class KeycloakDoors implements EventListenerProvider {

    /** An admin event's path: {@code users/{id}/reset-password} or {@code users/{id}/credentials/{credentialId}}. */
    /** The admin event of the user form: {@code users/{id}}. */
    private static final Pattern ADMIN_USER_PATH = Pattern.compile("users/([^/]+)");
    private static final Pattern ADMIN_PATH = Pattern.compile("users/([^/]+)/(reset-password|credentials/[^/]+)");

    private final KeycloakSession session;

    KeycloakDoors(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (event.getUserId() == null || event.getRealmId() == null || details.containsKey(PackEvents.OPERATION)) {
            return;
        }
        String credentialType = details.get(Details.CREDENTIAL_TYPE);
        switch (event.getType()) {
            case UPDATE_PASSWORD -> passwordSet(event.getRealmId(), event.getUserId());
            case UPDATE_TOTP -> tell(event.getRealmId(), event.getUserId(), SecurityNotice.FACTOR_ADDED, "totp");
            case REMOVE_TOTP -> tell(event.getRealmId(), event.getUserId(), SecurityNotice.FACTOR_REMOVED, "totp");
            case UPDATE_EMAIL -> addressMayHaveChanged(event.getRealmId(), event.getUserId());
            case UPDATE_PROFILE -> {
                // Keycloak's profile pages and Account Console name an address change in the event's details.
                if (details.containsKey(Details.UPDATED_EMAIL) || details.containsKey(Details.PREVIOUS_EMAIL)) {
                    addressMayHaveChanged(event.getRealmId(), event.getUserId());
                }
            }
            case UPDATE_CREDENTIAL -> {
                if (PasswordCredentialModel.TYPE.equals(credentialType)) {
                    passwordSet(event.getRealmId(), event.getUserId());
                } else {
                    tell(event.getRealmId(), event.getUserId(), SecurityNotice.FACTOR_ADDED,
                            NoticedFactor.ofCredentialType(credentialType));
                }
            }
            case REMOVE_CREDENTIAL -> {
                // One trusted browser ended is not "all removed"; a password is not removed this way.
                if (!TrustedDevices.CREDENTIAL_TYPE.equals(credentialType)
                        && !PasswordCredentialModel.TYPE.equals(credentialType)) {
                    tell(event.getRealmId(), event.getUserId(), SecurityNotice.FACTOR_REMOVED,
                            NoticedFactor.ofCredentialType(credentialType));
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getResourcePath() == null) {
            return;
        }
        if (event.getOperationType() == OperationType.UPDATE) {
            // The admin console's user form: the event does not say what was before, the database does.
            Matcher user = ADMIN_USER_PATH.matcher(event.getResourcePath());
            if (user.matches()) {
                addressMayHaveChanged(event.getRealmId(), user.group(1));
            }
            return;
        }
        if (event.getOperationType() != OperationType.ACTION && event.getOperationType() != OperationType.DELETE) {
            return;
        }
        Matcher path = ADMIN_PATH.matcher(event.getResourcePath());
        if (!path.matches()) {
            return;
        }
        if (path.group(2).equals("reset-password")) {
            tell(event.getRealmId(), path.group(1), SecurityNotice.PASSWORD_RESET, null);
        } else {
            // The credential is gone when Keycloak raises the event, which does not say its type.
            tell(event.getRealmId(), path.group(1), SecurityNotice.FACTOR_REMOVED, NoticedFactor.UNNAMED);
        }
    }

    /**
     * Keycloak's Update Password step sets both new and reset passwords. A reset is the step
     * that its reset-credentials flow put on the authentication session; one the user owed
     * (an admin's temporary password) or asked for (the Account Console's {@code kc_action})
     * is a change.
     */
    private void passwordSet(String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        AuthenticationSessionModel login = session.getContext().getAuthenticationSession();
        String updatePassword = UserModel.RequiredAction.UPDATE_PASSWORD.name();
        boolean reset = login != null && login.getRequiredActions().contains(updatePassword)
                && login.getAuthNote(Constants.KC_ACTION) == null
                && user.getRequiredActionsStream().noneMatch(updatePassword::equals);
        new SecurityNotices(session, realm).tell(user,
                reset ? SecurityNotice.PASSWORD_RESET : SecurityNotice.PASSWORD_CHANGED, null);
    }

    /**
     * Tells the old address of an address change: Keycloak raises its events before the request
     * commits, so the address before the change is the one the database still holds, read in a
     * transaction of its own (a read, which waits for no lock). As Keycloak's own notices, none
     * goes to an address that was not verified: it may be anyone's.
     */
    private void addressMayHaveChanged(String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || user.getEmail() == null) {
            return;
        }
        Address before = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), reading -> {
            RealmModel committedRealm = reading.realms().getRealm(realmId);
            if (committedRealm == null) {
                return null;
            }
            // Keycloak's user lookup asks the session's realm (its user profile).
            reading.getContext().setRealm(committedRealm);
            UserModel committed = reading.users().getUserById(committedRealm, userId);
            return committed == null ? null : new Address(committed.getEmail(), committed.isEmailVerified());
        });
        if (before != null && before.email() != null && before.verified()
                && !before.email().equalsIgnoreCase(user.getEmail())) {
            new SecurityNotices(session, realm).tellOldAddress(user, before.email(), user.getEmail(), null);
        }
    }

    /** A user's address as the database held it. */
    private record Address(String email, boolean verified) {
    }

    private void tell(String realmId, String userId, SecurityNotice notice, String what) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            new SecurityNotices(session, realm).tell(user, notice, what);
        }
    }

    @Override
    public void close() {
    }
}
