package dev.kcpack.authenticators;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.TotpFactor;
import dev.kcpack.core.Verification;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.validation.Validation;

/**
 * Browser-flow step that asks for a code of the user's authenticator app. It checks the
 * code with the same {@link TotpFactor} as the REST API, so both share one failure
 * limiter, and reports wrong codes to Keycloak's brute-force detector. The page is
 * Keycloak's own OTP form of whatever login theme the realm uses.
 */
public final class TotpLoginStep implements Authenticator {

    static final String TOO_MANY_ATTEMPTS = "kcpackTooManyAttempts";
    private static final String CODE_FIELD = "otp";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(context.form().createLoginTotp());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = form.getFirst(CODE_FIELD);
        UserModel user = context.getUser();
        context.getEvent().user(user).detail(Details.AUTH_METHOD, OTPCredentialModel.TYPE);
        if (code == null || code.isBlank()) {
            context.challenge(page(context, Messages.MISSING_TOTP));
            return;
        }
        Verification result = new TotpFactor(context.getSession(), context.getRealm(), user).verify(code.trim());
        switch (result.outcome()) {
            case ACCEPTED -> context.success(OTPCredentialModel.TYPE);
            case REJECTED -> {
                context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        page(context, Messages.INVALID_TOTP));
            }
            case LOCKED -> {
                // No guess was checked, so nothing new for the brute-force detector to count.
                context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
                context.challenge(context.form()
                        .addError(new FormMessage(Validation.FIELD_OTP_CODE, TOO_MANY_ATTEMPTS,
                                result.retryAfterSeconds()))
                        .createLoginTotp());
            }
            case NOT_ACTIVE -> context.attempted();
            case CORRUPT -> {
                context.getEvent().error(Errors.INVALID_CONFIG);
                context.failure(AuthenticationFlowError.INTERNAL_ERROR);
            }
        }
    }

    private static Response page(AuthenticationFlowContext context, String error) {
        return context.form().addError(new FormMessage(Validation.FIELD_OTP_CODE, error)).createLoginTotp();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return new TotpFactor(session, realm, user).isActive();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Enrolment is Keycloak's CONFIGURE_TOTP or the REST API; this step never forces it.
    }

    @Override
    public void close() {
    }
}
