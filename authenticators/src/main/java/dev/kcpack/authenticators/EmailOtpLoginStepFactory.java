package dev.kcpack.authenticators;

import java.util.Set;

import dev.kcpack.core.emailotp.EmailOtpFactor;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;

/** Registers {@link EmailOtpLoginStep} as the authenticator {@link #ID}. */
public final class EmailOtpLoginStepFactory extends PackAuthenticatorFactory {

    public static final String ID = Factor.EMAIL_OTP.loginStep();

    public EmailOtpLoginStepFactory() {
        super(new EmailOtpLoginStep());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack email code";
    }

    @Override
    public String getHelpText() {
        return "Mails a 6-digit code to the user's email-OTP address and asks for it, with a resend that honours "
                + "the cooldown. Shares codes, cooldown and limiter with the pack's REST API.";
    }

    /**
     * Keycloak's OTP category: Keycloak's brute-force detector counts only failures of
     * the password, OTP and recovery-code categories, and a wrong emailed code is an
     * OTP failure. Which users the step applies to is decided by {@code configuredFor}.
     */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    /** The pack's own credential type, so the Account Console lists it for realms whose flows use this step. */
    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(EmailOtpFactor.CREDENTIAL_TYPE);
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.ALTERNATIVE, Requirement.REQUIRED, Requirement.DISABLED};
    }
}
