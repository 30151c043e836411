package dev.kcpack.authenticators;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.token.SecondFactorProof;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.FlowStatus;
import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * #20 on the login page: Keycloak's own WebAuthn step (its page and script, its checks of
 * origin, RP id, signature, flags and counter against the realm's WebAuthn policy), with what
 * the pack's other factor steps add: the check goes through the passkey gate the REST API
 * uses, so failures count together and a lock on one door holds on the other, and a passed
 * passkey records the realm's 2FA level (acr) as the other factors do. Keycloak's step alone
 * leaves acr at the password's level.
 */
public final class PasskeyLoginStep extends WebAuthnAuthenticator {

    /** The lock's message: the one parameter is the seconds left (no "codes" here). */
    static final String TOO_MANY_ATTEMPTS = "kcpackTooManyPasskeyAttempts";

    public PasskeyLoginStep(KeycloakSession session) {
        super(session);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (!carriesAssertion(context.getHttpRequest().getDecodedFormParameters())) {
            // The browser gave no assertion (cancelled, timed out, no authenticator): nothing was
            // guessed, so Keycloak's step answers alone and the gate counts nothing.
            super.action(context);
            return;
        }
        StepOutcomes.tried(context, Factor.PASSKEY);
        PasskeyFactor passkeys = new PasskeyFactor(context.getSession(), context.getRealm(), context.getUser());
        Verification result = passkeys.gate().check(() -> {
            super.action(context);
            if (context.getStatus() != FlowStatus.SUCCESS) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            passkeys.used(context.getHttpRequest().getDecodedFormParameters().getFirst(WebAuthnConstants.CREDENTIAL_ID));
            return Verification.of(Verification.Outcome.ACCEPTED);
        });
        switch (result.outcome()) {
            case ACCEPTED -> SecondFactorProof.inBrowserFlow(context.getSession(), context.getRealm(),
                    context.getAuthenticationSession());
            case LOCKED -> StepOutcomes.locked(context, result, null, TOO_MANY_ATTEMPTS,
                    message -> fillContextForm(context).addError(message).createLoginWebAuthn());
            default -> {
                // Keycloak's step has answered the refusal (and its brute-force detector counted it).
            }
        }
    }

    private static boolean carriesAssertion(MultivaluedMap<String, String> form) {
        return present(form, WebAuthnConstants.CREDENTIAL_ID) && present(form, WebAuthnConstants.CLIENT_DATA_JSON)
                && present(form, WebAuthnConstants.AUTHENTICATOR_DATA) && present(form, WebAuthnConstants.SIGNATURE)
                && !present(form, WebAuthnConstants.ERROR);
    }

    private static boolean present(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value != null && !value.isBlank();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Registration is Keycloak's WebAuthn required action or the REST API; this step never forces it.
    }
}
