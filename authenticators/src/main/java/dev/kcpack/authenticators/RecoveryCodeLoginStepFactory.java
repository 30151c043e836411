package dev.kcpack.authenticators;

import java.util.List;
import java.util.Set;

import dev.kcpack.core.recoverycode.RecoveryCodes;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers {@link RecoveryCodeLoginStep} as the authenticator {@link #ID}. */
public final class RecoveryCodeLoginStepFactory extends PackAuthenticatorFactory {

    public static final String ID = Factor.RECOVERY_CODE.loginStep();
    /** Config key: warn when this many codes or fewer are left after a login. */
    public static final String LOW_CODES_WARNING = "lowCodesWarning";
    static final int DEFAULT_LOW_CODES_WARNING = 3;

    static int lowCodesWarning(AuthenticatorConfigModel config) {
        if (config == null || config.getConfig() == null) {
            return DEFAULT_LOW_CODES_WARNING;
        }
        try {
            return Integer.parseInt(config.getConfig().getOrDefault(LOW_CODES_WARNING,
                    Integer.toString(DEFAULT_LOW_CODES_WARNING)).trim());
        } catch (NumberFormatException e) {
            return DEFAULT_LOW_CODES_WARNING;
        }
    }

    public RecoveryCodeLoginStepFactory() {
        super(new RecoveryCodeLoginStep());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack recovery code";
    }

    @Override
    public String getHelpText() {
        return "Takes one of the user's single-use recovery codes (issued when 2FA is switched on). "
                + "Put it as an ALTERNATIVE next to the other second factors so users find it under 'try another way'.";
    }

    /**
     * Keycloak's recovery-code category, so that wrong codes count in Keycloak's
     * brute-force detector (which counts only the password, OTP and recovery-code
     * categories). The codes themselves are the pack's credential type.
     */
    @Override
    public String getReferenceCategory() {
        return RecoveryAuthnCodesCredentialModel.TYPE;
    }

    /** The pack's own credential type, so the Account Console lists it for realms whose flows use this step. */
    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(RecoveryCodes.CREDENTIAL_TYPE);
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.ALTERNATIVE, Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(LOW_CODES_WARNING)
                .label("Warn when codes left")
                .helpText("After a login with a recovery code, show a warning page when this many codes or fewer are left.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_LOW_CODES_WARNING)
                .add()
                .build();
    }
}
