package dev.kcpack.authenticators;

import java.util.List;

import dev.kcpack.core.EmailOtpFactor;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link EmailOtpLoginStep} as the authenticator {@value #ID}. */
public final class EmailOtpLoginStepFactory implements AuthenticatorFactory {

    public static final String ID = "kcpack-email-otp";

    private static final EmailOtpLoginStep SINGLETON = new EmailOtpLoginStep();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
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
    public java.util.Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return java.util.Set.of(EmailOtpFactor.CREDENTIAL_TYPE);
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.ALTERNATIVE, Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
