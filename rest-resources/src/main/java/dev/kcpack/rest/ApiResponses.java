package dev.kcpack.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.util.JsonSerialization;

/** Builds the API's responses: JSON bodies, the contract's error shape, no caching. */
final class ApiResponses {

    static final String CACHE_CONTROL = "Cache-Control";
    static final String NO_STORE = "no-store";
    static final String RETRY_AFTER = "Retry-After";
    static final String JSON = "application/json; charset=utf-8";
    static final String[] ALLOWED_METHODS = {"GET", "POST", "PUT", "DELETE"};

    private ApiResponses() {
    }

    /** A 200 with the body serialized as JSON ({@code null} gives the JSON literal). */
    static Response ok(Object body) {
        return json(200, body).build();
    }

    static Response error(int status, String message, Long retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("error", reasonPhrase(status));
        body.put("message", message);
        Response.ResponseBuilder response = json(status, body);
        if (retryAfterSeconds != null) {
            body.put("retryAfter", retryAfterSeconds);
            response = json(status, body).header(RETRY_AFTER, retryAfterSeconds);
        }
        return response.build();
    }

    /** The contract's reason phrases, which differ from HTTP's in places ("Too many requests"). */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too many requests";
            case 500 -> "Internal server error";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known != null ? known.getReasonPhrase() : "Error";
            }
        };
    }

    private static Response.ResponseBuilder json(int status, Object body) {
        try {
            return Response.status(status)
                    .type(JSON)
                    .header(CACHE_CONTROL, NO_STORE)
                    .entity(JsonSerialization.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
