package dev.kcpack.core.support;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Makes one of the pack's credential types (email OTP, recovery codes) a type Keycloak
 * knows: imported with realm exports, listed as a second factor in the Account Console
 * and the admin console, and removable there. The pack's factor classes own the data.
 */
public final class PackCredentialProvider implements CredentialProvider<CredentialModel> {

    private final KeycloakSession session;
    private final String type;
    private final String createAction;

    /** {@code createAction}: the required action that sets the credential up, or null. */
    public PackCredentialProvider(KeycloakSession session, String type, String createAction) {
        this.session = session;
        this.type = type;
        this.createAction = createAction;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(type)
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(type + "-display-name")
                .helpText(type + "-help-text")
                .iconCssClass("kcAuthenticatorOTPClass")
                .removeable(true)
                .createAction(createAction)
                .build(session);
    }
}
