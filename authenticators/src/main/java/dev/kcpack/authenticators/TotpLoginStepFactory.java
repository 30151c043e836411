package dev.kcpack.authenticators;

import dev.kcpack.core.twofactor.Factor;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.credential.OTPCredentialModel;

/** Registers {@link TotpLoginStep} as the authenticator {@link #ID}. */
public final class TotpLoginStepFactory extends PackAuthenticatorFactory {

    public static final String ID = Factor.TOTP.loginStep();

    public TotpLoginStepFactory() {
        super(new TotpLoginStep());
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
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};
    }
}
