package dev.kcpack.authenticators;

import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.guard.DoorBudgets;
import dev.kcpack.core.guard.PublicDoor;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.passkey.PasskeySignIn;
import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.token.SecondFactorProof;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.FlowStatus;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;

/**
 * #20 item 5, the login page's passwordless path: Keycloak's username and password form, which
 * also offers "Sign in with Passkey" (and the browser's passkey autofill) where the realm's
 * {@code passkeySignIn} setting is on. The passkey is checked by the same rules as the API's
 * sign-in with a passkey alone ({@link PasskeySignIn}: a challenge of its own, single use, user
 * verification required, the user's passkey gate, counter, origin and RP id), so a lock on one
 * door holds on the other. A passkey that holds signs the user in with the realm's 2FA level: it
 * is two factors in one gesture, and the flow's second-factor sub-flow is skipped where the
 * realm says so (the demo realm: Keycloak's "Condition - credential", WebAuthn not used).
 *
 * <p>Keycloak's own passkeys in its username and password form work only with its
 * {@code webauthn-passwordless} credentials; the pack's passkeys are Keycloak's two-factor
 * WebAuthn credentials, the ones its API, its login step and the Account Console's "Set up
 * Passkey" (under Two-factor authentication) make. The page is Keycloak's own
 * {@code login.ftl}, which draws the passkey button and autofill wherever
 * {@code enableWebAuthnConditionalUI} is set (26.4 to 26.7).
 */
public final class PasswordOrPasskeyForm extends UsernamePasswordForm {

    /** The auth note holding the id of the challenge the page was given (never sent to the browser). */
    static final String CHALLENGE_NOTE = "kcpack.passkeySignInChallenge";

    public PasswordOrPasskeyForm() {
        // Keycloak's constructor without a session: its own passkey path (webauthn-passwordless) stays off here.
        super();
    }

    @Override
    protected Response challenge(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        offerPasskey(context);
        return super.challenge(context, formData);
    }

    @Override
    protected Response challenge(AuthenticationFlowContext context, String error, String field) {
        offerPasskey(context);
        return super.challenge(context, error, field);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        boolean passkeyAnswer = form.containsKey(WebAuthnConstants.AUTHENTICATOR_DATA) || form.containsKey(WebAuthnConstants.ERROR);
        if (passkeyAnswer && !form.containsKey("cancel") && offered(context)) {
            signInWithPasskey(context, form);
            return;
        }
        super.action(context);
        if (context.getStatus() == FlowStatus.SUCCESS) {
            SecondFactorProof.passwordUsed(context.getAuthenticationSession());
        }
    }

    private void signInWithPasskey(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        String challengeId = context.getAuthenticationSession().getAuthNote(CHALLENGE_NOTE);
        context.getAuthenticationSession().removeAuthNote(CHALLENGE_NOTE);
        context.getEvent().detail(Details.CREDENTIAL_TYPE, PasskeyFactor.CREDENTIAL_TYPE)
                .detail(PackEvents.SECOND_FACTOR, Factor.PASSKEY.apiName());
        if (present(form, WebAuthnConstants.ERROR)) {
            // The browser gave no passkey (cancelled, timed out, none for this site): nothing was guessed.
            context.challenge(challenge(context, Messages.WEBAUTHN_ERROR_API_GET, null));
            return;
        }
        // The API's sign-in and this page share one budget per client address and realm.
        long spent = new DoorBudgets(context.getSession(), context.getRealm()).admit(PublicDoor.PASSKEY_SIGN_IN);
        if (spent > 0) {
            context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(lockedPage(context, spent));
            return;
        }
        PasskeyFactor.Response answer = new PasskeyFactor.Response(form.getFirst(WebAuthnConstants.CREDENTIAL_ID),
                form.getFirst(WebAuthnConstants.CLIENT_DATA_JSON), null, form.getFirst(WebAuthnConstants.AUTHENTICATOR_DATA),
                form.getFirst(WebAuthnConstants.SIGNATURE), form.getFirst(WebAuthnConstants.USER_HANDLE), null);
        PasskeySignIn.Outcome outcome = new PasskeySignIn(context.getSession(), context.getRealm())
                .verify(challengeId, clientId(context), answer);
        UserModel user = outcome.user();
        if (user != null) {
            context.getEvent().user(user);
        }
        switch (outcome.status()) {
            case SIGNED_IN -> {
                context.setUser(user);
                // Two factors in one gesture: the realm's 2FA level, and the passkey step's reference (amr)
                // in place of this form's password reference (the pack's AMR mapper reads the mark).
                SecondFactorProof.outsideItsStep(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                        Factor.PASSKEY.loginStep());
                SecondFactorProof.passwordNotUsed(context.getAuthenticationSession(), context.getExecution().getId());
                context.success(PasskeyFactor.CREDENTIAL_TYPE);
            }
            case LOCKED -> {
                context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
                context.challenge(lockedPage(context, outcome.retryAfterSeconds()));
            }
            case DISABLED -> {
                context.getEvent().error(Errors.USER_DISABLED);
                context.challenge(challenge(context, Messages.ACCOUNT_DISABLED, null));
            }
            default -> {
                // Counted in the user's passkey gate (and Keycloak's brute-force detector) where the answer
                // was made with one of their passkeys; the same words whatever did not hold.
                context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
                context.challenge(challenge(context, Messages.WEBAUTHN_ERROR_AUTH_VERIFICATION, null));
            }
        }
    }

    /** The page with the passkey door's lock message, whose one parameter is the seconds left. */
    private Response lockedPage(AuthenticationFlowContext context, long retryAfterSeconds) {
        offerPasskey(context);
        LoginFormsProvider page = context.form().setExecution(context.getExecution().getId());
        page.setError(PasskeyLoginStep.TOO_MANY_ATTEMPTS, retryAfterSeconds);
        return createLoginForm(page);
    }

    /**
     * Gives the page a fresh sign-in challenge (its id stays in the authentication session) and
     * what Keycloak's {@code login.ftl} needs to draw the passkey button and autofill. Only
     * before anyone is named: a page for a known user (re-authentication) asks for the password.
     */
    private void offerPasskey(AuthenticationFlowContext context) {
        if (!offered(context) || context.getUser() != null) {
            return;
        }
        PasskeyFactor.Options options = new PasskeySignIn(context.getSession(), context.getRealm()).options(clientId(context));
        context.getAuthenticationSession().setAuthNote(CHALLENGE_NOTE, options.challengeId());
        Map<String, Object> publicKey = options.publicKey();
        LoginFormsProvider page = context.form();
        page.setAttribute(WebAuthnConstants.ENABLE_WEBAUTHN_CONDITIONAL_UI, Boolean.TRUE);
        page.setAttribute(WebAuthnConstants.CHALLENGE, publicKey.get("challenge"));
        page.setAttribute(WebAuthnConstants.RP_ID, publicKey.get("rpId"));
        page.setAttribute(WebAuthnConstants.CREATE_TIMEOUT, ((Number) publicKey.get("timeout")).intValue() / 1000);
        page.setAttribute(WebAuthnConstants.USER_VERIFICATION, publicKey.get("userVerification"));
        page.setAttribute(WebAuthnConstants.IS_USER_IDENTIFIED, "false");
        page.setAttribute(WebAuthnConstants.SHOULD_DISPLAY_AUTHENTICATORS, false);
        // Read by Keycloak 26.7's template only (26.4 has neither attribute); 26.7 fails on a missing attachment.
        page.setAttribute("mediation", "conditional");
        String attachment = context.getRealm().getWebAuthnPolicy().getAuthenticatorAttachment();
        page.setAttribute(WebAuthnConstants.AUTHENTICATOR_ATTACHMENT,
                attachment == null || attachment.isBlank() ? Constants.DEFAULT_WEBAUTHN_POLICY_NOT_SPECIFIED : attachment);
    }

    private static boolean offered(AuthenticationFlowContext context) {
        return PackSettings.of(context.getRealm()).passkeySignIn();
    }

    private static String clientId(AuthenticationFlowContext context) {
        return context.getAuthenticationSession().getClient().getClientId();
    }

    private static boolean present(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value != null && !value.isBlank();
    }
}
