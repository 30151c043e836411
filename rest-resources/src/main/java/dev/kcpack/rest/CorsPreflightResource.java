package dev.kcpack.rest;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.keycloak.services.cors.Cors;

/** Answers CORS preflight requests for every path of the API. */
public final class CorsPreflightResource {

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Cors.builder()
                .auth()
                .allowedMethods(ApiResponses.ALLOWED_METHODS)
                .preflight()
                .add(Response.ok().header(ApiResponses.CACHE_CONTROL, ApiResponses.NO_STORE));
    }
}
