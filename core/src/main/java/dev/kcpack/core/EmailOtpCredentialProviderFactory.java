package dev.kcpack.core;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers {@link EmailOtpCredentialProvider} for the credential type {@value EmailOtpFactor#CREDENTIAL_TYPE}. */
public final class EmailOtpCredentialProviderFactory implements CredentialProviderFactory<EmailOtpCredentialProvider> {

    public static final String ID = "kcpack-email-otp";

    @Override
    public EmailOtpCredentialProvider create(KeycloakSession session) {
        return new EmailOtpCredentialProvider(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
