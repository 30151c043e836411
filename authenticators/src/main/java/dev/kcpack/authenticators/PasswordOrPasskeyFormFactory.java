package dev.kcpack.authenticators;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.credential.PasswordCredentialModel;

/** Registers {@link PasswordOrPasskeyForm} as the authenticator {@link #ID}. */
public final class PasswordOrPasskeyFormFactory extends PackAuthenticatorFactory {

    public static final String ID = "kcpack-password-or-passkey-form";

    public PasswordOrPasskeyFormFactory() {
        super(new PasswordOrPasskeyForm());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack username, password or passkey";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form; where the realm's kcpack setting 'passkeySignIn' is on it also "
                + "offers signing in with a passkey alone (the user's two-factor WebAuthn credentials, user verified), "
                + "checked by the same rules and limiter as the pack's REST sign-in, giving the realm's 2FA level.";
    }

    /** Same category as Keycloak's username and password form. */
    @Override
    public String getReferenceCategory() {
        return PasswordCredentialModel.TYPE;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED};
    }
}
