package dev.kcpack.authenticators;

import jakarta.ws.rs.core.Response;

import dev.kcpack.core.SecondFactors;
import dev.kcpack.core.Verification;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Browser-flow step that takes one of the user's recovery codes, offered through "try
 * another way" next to the other second factors. Uses the same codes and limiter as
 * the REST API; wrong codes count in Keycloak's brute-force detector. When only a few
 * codes are left, the user sees a warning page before the login finishes.
 */
public final class RecoveryCodeLoginStep implements Authenticator {

    static final String CODE_FIELD = "recoveryCode";
    static final String PAGE = "kcpack-recovery-code.ftl";
    static final String LOW_CODES_PAGE = "kcpack-recovery-codes-low.ftl";
    /** Auth-session note: a code was accepted and the warning page is showing. */
    private static final String ACCEPTED_NOTE = "kcpack.recoveryCodeAccepted";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(context.form().createForm(PAGE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (context.getAuthenticationSession().getAuthNote(ACCEPTED_NOTE) != null) {
            context.getAuthenticationSession().removeAuthNote(ACCEPTED_NOTE);
            context.success();
            return;
        }
        String code = context.getHttpRequest().getDecodedFormParameters().getFirst(CODE_FIELD);
        UserModel user = context.getUser();
        context.getEvent().user(user).detail(Details.AUTH_METHOD, "recovery-code");
        if (code == null || code.isBlank()) {
            context.challenge(page(context, "kcpackRecoveryCodeMissing"));
            return;
        }
        SecondFactors factors = new SecondFactors(context.getSession(), context.getRealm(), user);
        Verification result = factors.verifyRecoveryCode(code);
        switch (result.outcome()) {
            case ACCEPTED -> {
                int left = factors.recoveryCodes().remaining();
                if (left <= RecoveryCodeLoginStepFactory.lowCodesWarning(config(context))) {
                    context.getAuthenticationSession().setAuthNote(ACCEPTED_NOTE, "true");
                    context.challenge(context.form().setAttribute("codesLeft", left).createForm(LOW_CODES_PAGE));
                } else {
                    context.success();
                }
            }
            case REJECTED -> {
                context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        page(context, "kcpackRecoveryCodeInvalid"));
            }
            case LOCKED -> {
                context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
                context.challenge(context.form()
                        .addError(new FormMessage(CODE_FIELD, TotpLoginStep.TOO_MANY_ATTEMPTS, result.retryAfterSeconds()))
                        .createForm(PAGE));
            }
            case NOT_ACTIVE, CORRUPT -> context.attempted();
        }
    }

    private static AuthenticatorConfigModel config(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig();
    }

    private static Response page(AuthenticationFlowContext context, String error) {
        return context.form().addError(new FormMessage(CODE_FIELD, error)).createForm(PAGE);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return new SecondFactors(session, realm, user).recoveryCodesUsable();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
