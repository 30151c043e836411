package dev.kcpack.core.recoverycode;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import dev.kcpack.core.support.PackCredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** The credential type {@value RecoveryCodes#CREDENTIAL_TYPE}: the hashes of the unused recovery codes. */
public final class RecoveryCodesCredentialProviderFactory implements CredentialProviderFactory<PackCredentialProvider>, OnSupportedKeycloak {

    @Override
    public PackCredentialProvider create(KeycloakSession session) {
        return new PackCredentialProvider(session, RecoveryCodes.CREDENTIAL_TYPE, null);
    }

    @Override
    public String getId() {
        return RecoveryCodes.CREDENTIAL_TYPE;
    }
}
