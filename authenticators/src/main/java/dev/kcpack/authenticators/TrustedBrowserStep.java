package dev.kcpack.authenticators;

import java.util.Optional;

import dev.kcpack.core.trust.TrustedDevices;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * First alternative of the second-factor sub-flow: a browser the user trusted after a
 * factor ends the login at the password. It claims no factor: the login keeps the
 * password's level (acr 1) and the step has no authentication reference, so {@code amr}
 * names the password alone. Where the browser holds no live trust of this user (or the
 * client asks for the second-factor level) Keycloak skips the step: it is not "configured".
 */
public final class TrustedBrowserStep implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<TrustedDevices.Device> device = TrustedBrowser.use(context.getSession(), context.getRealm(),
                context.getUser());
        if (device.isEmpty()) {
            context.attempted();
            return;
        }
        context.getEvent().detail(TrustedBrowser.EVENT_DETAIL, device.get().id());
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return TrustedBrowser.mayStandIn(session, realm, user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
