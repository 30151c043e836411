package dev.kcpack.authenticators;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link DirectGrantSecondFactorStep} as the authenticator {@value #ID}. */
public final class DirectGrantSecondFactorStepFactory implements AuthenticatorFactory {

    public static final String ID = "kcpack-direct-grant-2fa";

    private static final DirectGrantSecondFactorStep SINGLETON = new DirectGrantSecondFactorStep();

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
        return "kcpack second factor (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "Put after username and password in the direct grant flow. Users with 2FA either send "
                + "'totp', 'otp' (email code) or 'recovery_code' with the request, or get 401 2FA_REQUIRED with a partial auth token "
                + "to finish the login at /realms/{realm}/user/2fa/.../authenticate.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
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
