package dev.kcpack.core.token;

import java.util.List;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;
import org.keycloak.protocol.oidc.utils.AmrUtils;

/**
 * Keycloak's AMR mapper (the same references, the same configuration), except that a login
 * form's password reference is left out when the user signed in there with a passkey instead
 * ({@code authenticators/PasswordOrPasskeyForm}): Keycloak lists the reference of every
 * execution that completed, and the form completes either way, so its {@code pwd} would claim a
 * password no one typed. A Keycloak mapper is its own factory; this one is registered as
 * {@value #ID} and replaces {@code oidc-amr-mapper} in a client or client scope.
 */
public final class PackAmrMapper extends AmrProtocolMapper implements OnSupportedKeycloak {

    public static final String ID = "kcpack-amr-mapper";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack Authentication Method Reference (AMR)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's AMR mapper, without the password's reference of a login form where the user signed in "
                + "with a passkey instead (kcpack username, password or passkey).";
    }

    @Override
    protected List<String> getAmr(AuthenticatedClientSessionModel clientSession, RealmModel realm) {
        return AmrUtils.getAuthenticationExecutionReferences(
                SecondFactorProof.executionsForAmr(clientSession.getUserSession()), realm);
    }
}
