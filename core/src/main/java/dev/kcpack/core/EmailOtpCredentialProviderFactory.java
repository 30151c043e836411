package dev.kcpack.core;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** The credential type {@value EmailOtpFactor#CREDENTIAL_TYPE}: the address email OTP codes go to. */
public final class EmailOtpCredentialProviderFactory implements CredentialProviderFactory<PackCredentialProvider> {

    @Override
    public PackCredentialProvider create(KeycloakSession session) {
        return new PackCredentialProvider(session, EmailOtpFactor.CREDENTIAL_TYPE);
    }

    @Override
    public String getId() {
        return EmailOtpFactor.CREDENTIAL_TYPE;
    }
}
