package dev.kcpack.rest;

import jakarta.ws.rs.HttpMethod;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Per-request entry point of the API. */
final class UserApiProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    UserApiProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        // Preflight requests carry no token; they get their own catch-all resource,
        // as Keycloak's Account REST API does.
        if (HttpMethod.OPTIONS.equals(session.getContext().getHttpRequest().getHttpMethod())) {
            return new CorsPreflightResource();
        }
        return new UserApiResource(session);
    }

    @Override
    public void close() {
    }
}
