package dev.kcpack.authenticators;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.totp.TotpFactor;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
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
 * limiter, and reports wrong codes to Keycloak's brute-force detector. The page is the
 * pack's (Keycloak's form ids, the login theme's classes): one code field, since the code is
 * checked against every authenticator app of the user, and the "Trust this browser" choice.
 */
public final class TotpLoginStep implements Authenticator {

    private static final String CODE_FIELD = "otp";
    static final String PAGE = "kcpack-totp.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(TrustedBrowser.offer(context, context.form()).createForm(PAGE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = form.getFirst(CODE_FIELD);
        StepOutcomes.tried(context, Factor.TOTP);
        if (code == null || code.isBlank()) {
            context.challenge(page(context, new FormMessage(Validation.FIELD_OTP_CODE, Messages.MISSING_TOTP)));
            return;
        }
        Verification result = new TotpFactor(context.getSession(), context.getRealm(), context.getUser()).verify(code.trim());
        StepOutcomes.conclude(context, result, Validation.FIELD_OTP_CODE, Messages.INVALID_TOTP,
                message -> page(context, message), () -> context.success(OTPCredentialModel.TYPE));
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
