package dev.kcpack.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;

/** Root of {@code /realms/{realm}/user}: one sub-resource per area of the contract. */
public final class UserApiResource {

    private final KeycloakSession session;

    UserApiResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("2fa")
    public TwoFactorResource twoFactor() {
        return new TwoFactorResource(session, new BearerAuth(session));
    }

    @Path("password")
    public PasswordResource password() {
        return new PasswordResource(session, new BearerAuth(session));
    }

    @Path("email")
    public EmailResource email() {
        return new EmailResource(session, new BearerAuth(session));
    }

    @Path("passkey")
    public PasskeySignInResource passkey() {
        return new PasskeySignInResource(session, new BearerAuth(session));
    }

    @Path("sessions")
    public SessionResource sessions() {
        return new SessionResource(session, new BearerAuth(session));
    }

    /**
     * Any other path. Without this locator JAX-RS answers some unknown paths with 405;
     * {@link ApiErrorMapper} words the 404 in the contract's shape.
     */
    @Path("{unknown:.*}")
    public Object unknown() {
        throw new NotFoundException();
    }
}
