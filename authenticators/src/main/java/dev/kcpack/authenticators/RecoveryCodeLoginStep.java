package dev.kcpack.authenticators;

import jakarta.ws.rs.core.Response;

import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
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
        context.challenge(TrustedBrowser.offer(context, context.form()).createForm(PAGE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (context.getAuthenticationSession().getAuthNote(ACCEPTED_NOTE) != null) {
            context.getAuthenticationSession().removeAuthNote(ACCEPTED_NOTE);
            context.success();
            return;
        }
        String code = context.getHttpRequest().getDecodedFormParameters().getFirst(CODE_FIELD);
        StepOutcomes.tried(context, Factor.RECOVERY_CODE);
        if (code == null || code.isBlank()) {
            context.challenge(page(context, new FormMessage(CODE_FIELD, "kcpackRecoveryCodeMissing")));
            return;
        }
        SecondFactors factors = new SecondFactors(context.getSession(), context.getRealm(), context.getUser());
        StepOutcomes.conclude(context, factors.verifyRecoveryCode(code), CODE_FIELD, "kcpackRecoveryCodeInvalid",
                message -> page(context, message), () -> {
                    int left = factors.recoveryCodes().remaining();
                    if (left <= RecoveryCodeLoginStepFactory.lowCodesWarning(config(context))) {
                        context.getAuthenticationSession().setAuthNote(ACCEPTED_NOTE, "true");
                        context.challenge(context.form().setAttribute("codesLeft", left).createForm(LOW_CODES_PAGE));
                    } else {
                        context.success();
                    }
                });
    }

    private static AuthenticatorConfigModel config(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig();
    }

    private static Response page(AuthenticationFlowContext context, FormMessage message) {
        return TrustedBrowser.offer(context, context.form()).addError(message).createForm(PAGE);
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
