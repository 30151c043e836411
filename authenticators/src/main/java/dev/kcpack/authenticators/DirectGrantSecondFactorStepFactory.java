package dev.kcpack.authenticators;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** Registers {@link DirectGrantSecondFactorStep} as the authenticator {@value #ID}. */
public final class DirectGrantSecondFactorStepFactory extends PackAuthenticatorFactory {

    public static final String ID = "kcpack-direct-grant-2fa";

    public DirectGrantSecondFactorStepFactory() {
        super(new DirectGrantSecondFactorStep());
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
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
    }
}
