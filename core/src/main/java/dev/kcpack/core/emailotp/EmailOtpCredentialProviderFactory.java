package dev.kcpack.core.emailotp;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import dev.kcpack.core.support.PackCredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** The credential type {@value EmailOtpFactor#CREDENTIAL_TYPE}: the address email OTP codes go to. */
public final class EmailOtpCredentialProviderFactory implements CredentialProviderFactory<PackCredentialProvider>, OnSupportedKeycloak {

    /** The pack's required action that sets email OTP up in the browser (Account Console "Set up"). */
    public static final String SETUP_ACTION = "kcpack-configure-email-otp";

    @Override
    public PackCredentialProvider create(KeycloakSession session) {
        return new PackCredentialProvider(session, EmailOtpFactor.CREDENTIAL_TYPE, SETUP_ACTION);
    }

    @Override
    public String getId() {
        return EmailOtpFactor.CREDENTIAL_TYPE;
    }
}
