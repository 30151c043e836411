package dev.kcpack.authenticators;

import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** Registers {@link PasskeyLoginStep} as the authenticator {@link #ID}. */
public final class PasskeyLoginStepFactory extends PackAuthenticatorFactory {

    public static final String ID = Factor.PASSKEY.loginStep();

    public PasskeyLoginStepFactory() {
        super(PasskeyLoginStep::new);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack passkey";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's WebAuthn (security key / passkey) step for a second factor, sharing its failure limiter "
                + "with the pack's REST API and giving the realm's 2FA level like the pack's other steps.";
    }

    /** Keycloak's two-factor WebAuthn credential, so "try another way" lists it as Keycloak's own step. */
    @Override
    public String getReferenceCategory() {
        return PasskeyFactor.CREDENTIAL_TYPE;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};
    }
}
