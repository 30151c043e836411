package dev.kcpack.authenticators;

import java.util.Optional;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.trust.TrustedDevices;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.utils.SecureContextResolver;

/**
 * The browser side of {@link TrustedDevices}: the "Trust this browser" choice on the pack's
 * second-factor pages, the cookie that carries a trust (HttpOnly, SameSite=Lax, the realm's
 * path, Secure in a secure context, as long as the trust), and whether a login may lean on it.
 */
final class TrustedBrowser {

    static final String COOKIE = "KCPACK_TRUSTED_BROWSER";
    /** The checkbox of the pages. */
    static final String FIELD = "kcpackTrustBrowser";
    /** Page attribute: the days offered, absent when the realm offers none. */
    static final String DAYS_ATTRIBUTE = "kcpackTrustDays";
    /** Event detail of a login the trusted browser finished. */
    static final String EVENT_DETAIL = "kcpack_trusted_device";

    private TrustedBrowser() {
    }

    /** The step's page, with the choice when the realm offers it. */
    static LoginFormsProvider offer(AuthenticationFlowContext context, LoginFormsProvider form) {
        PackSettings settings = PackSettings.of(context.getRealm());
        return settings.trustedDevices() && !inReset(context)
                ? form.setAttribute(DAYS_ATTRIBUTE, settings.trustedDeviceDays()) : form;
    }

    /**
     * Whether the step runs in Keycloak's reset-credentials flow ("Forgot password?"): a
     * factor passed there proves the person for the reset, and trusts no browser for later
     * logins (the reset also ends every trust: it changes the password).
     */
    private static boolean inReset(AuthenticationFlowContext context) {
        return LoginActionsService.RESET_CREDENTIALS_PATH.equals(context.getFlowPath());
    }

    /** After a factor was proven: trusts this browser if the realm offers it and the user ticked the box. */
    static void rememberIfChosen(AuthenticationFlowContext context) {
        if (!PackSettings.of(context.getRealm()).trustedDevices() || inReset(context)
                || !"on".equals(context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD))) {
            return;
        }
        KeycloakSession session = context.getSession();
        String userAgent = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT);
        TrustedDevices.Cookie trust = new TrustedDevices(session, context.getRealm(), context.getUser()).trust(userAgent);
        setCookie(session, context.getRealm(), trust.value(), trust.maxAgeSeconds());
    }

    /**
     * Whether this login may end at the password: the browser holds a live trust of this user
     * and the client did not ask for the second-factor level ({@code acr_values}), which a
     * trusted browser does not give.
     */
    static boolean mayStandIn(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!PackSettings.of(realm).trustedDevices() || cookie(session).isEmpty()) {
            return false;
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            String requested = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
            try {
                if (requested != null && Integer.parseInt(requested) >= PackSettings.of(realm).secondFactorLevel()) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return new TrustedDevices(session, realm, user).isTrusted(cookie(session).get());
    }

    /** The trust the cookie names, used now; empty if it ended since {@link #mayStandIn}. */
    static Optional<TrustedDevices.Device> use(KeycloakSession session, RealmModel realm, UserModel user) {
        return cookie(session).flatMap(value -> new TrustedDevices(session, realm, user).recognize(value));
    }

    private static Optional<String> cookie(KeycloakSession session) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()
                ? Optional.empty() : Optional.of(cookie.getValue());
    }

    private static void setCookie(KeycloakSession session, RealmModel realm, String value, int maxAge) {
        String path = RealmsResource.realmBaseUrl(session.getContext().getUri()).path("/").build(realm.getName()).getRawPath();
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(COOKIE)
                .value(value)
                .path(path)
                .maxAge(maxAge)
                .secure(SecureContextResolver.isSecureContext(session))
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build());
    }
}
