package dev.kcpack.authenticators;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * Registers the email-code step of the reset-credentials flow as {@link #ID}: the same step
 * as {@link EmailOtpLoginStepFactory}'s, for users whose codes go to another address than
 * the account's (the one "Forgot password?" mails its link to).
 */
public final class EmailOtpResetStepFactory extends PackAuthenticatorFactory {

    public static final String ID = "kcpack-email-otp-other-address";

    public EmailOtpResetStepFactory() {
        super(new EmailOtpLoginStep(true));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack email code to another address";
    }

    @Override
    public String getHelpText() {
        return "For the reset-credentials flow: the pack's email code, only for users whose codes go to an address "
                + "other than the account's, which got the reset link.";
    }

    /** As the login step's: a wrong code counts in Keycloak's brute-force detector as an OTP failure. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.ALTERNATIVE, Requirement.REQUIRED, Requirement.DISABLED};
    }
}
