package dev.kcpack.authenticators;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link TotpLoginStep} as the authenticator {@value #ID}. */
public final class TotpLoginStepFactory implements AuthenticatorFactory {

    public static final String ID = "kcpack-totp";

    private static final TotpLoginStep SINGLETON = new TotpLoginStep();

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
        return "kcpack TOTP code";
    }

    @Override
    public String getHelpText() {
        return "Asks for a code of the user's authenticator app (Keycloak's OTP credential). "
                + "Shares its failure limiter with the pack's REST API; wrong codes count in brute-force detection.";
    }

    /** Same category as Keycloak's OTP form, so "try another way" lists it as the authenticator app. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};
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
