package dev.kcpack.authenticators;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** Registers {@link TrustedBrowserStep} as the authenticator {@link #ID}. */
public final class TrustedBrowserStepFactory extends PackAuthenticatorFactory {

    public static final String ID = "kcpack-trusted-browser";

    public TrustedBrowserStepFactory() {
        super(new TrustedBrowserStep());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack trusted browser";
    }

    @Override
    public String getHelpText() {
        return "Put first among the second-factor alternatives: a browser the user chose to trust after a factor "
                + "(realm setting \"Trust this browser\") needs no factor until the trust ends. Gives no second-factor level.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.ALTERNATIVE, Requirement.DISABLED};
    }
}
