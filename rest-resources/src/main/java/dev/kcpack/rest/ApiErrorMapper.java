package dev.kcpack.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.kcpack.core.twofactor.SecondFactors;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Gives every failure under {@code /realms/{realm}/user} the contract's error body:
 * our own {@link ApiException}s, JAX-RS's own (unknown path, wrong method, wrong media
 * type) and anything unexpected, which becomes a bare 500 with no stack trace.
 * Keycloak registers its handler for {@code Throwable}; this mapper is more specific,
 * so it sees runtime exceptions first and hands everything outside our path back to
 * Keycloak's handler unchanged.
 */
@Provider
public final class ApiErrorMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);
    private static final Pattern API_PATH =
            Pattern.compile("^/?realms/[^/]+(/" + UserApiProviderFactory.ID + "(?:/.*)?)$");

    @Override
    public Response toResponse(RuntimeException exception) {
        if (clientWentAway(exception)) {
            // Nobody is left to read an answer; one line, no stack trace.
            LOG.debugf("Client closed the connection: %s", exception.getClass().getSimpleName());
            return Response.status(499).build();
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null) {
            // Thrown after the request's session ended (a failed commit, say): no path is known
            // any more, and a bare contract 500 tells a client nothing it should not know.
            LOG.warnf("Error after the request's session ended: %s", exception.getClass().getName());
            return ApiResponses.error(500, ApiErrorCodes.INTERNAL_ERROR, null);
        }
        String path = session.getContext().getUri().getPath();
        Matcher apiPath = API_PATH.matcher(path);
        if (!apiPath.matches()) {
            return KeycloakErrorHandler.getResponse(session, exception);
        }
        if (exception instanceof ApiException api) {
            // An answer the API chose: what the resource decided to keep (a counted
            // failure, say) must stay, so the transaction is not rolled back here.
            return ApiResponses.error(api.status(), api.code(), api.retryAfterSeconds());
        }
        session.getTransactionManager().setRollbackOnly();
        if (exception instanceof SecondFactors.ChangeInProgress) {
            // Nothing was changed; a careful client tries again.
            return ApiResponses.error(409, ApiErrorCodes.CONCURRENT_CHANGE, null);
        }
        if (exception instanceof WebApplicationException framework) {
            int status = framework.getResponse().getStatus();
            if (status < 500) {
                String method = session.getContext().getHttpRequest().getHttpMethod();
                return ApiResponses.error(status, frameworkMessage(status, method, apiPath.group(1)), null);
            }
        }
        LOG.errorf(exception, "Unexpected error answering %s", path);
        return ApiResponses.error(500, ApiErrorCodes.INTERNAL_ERROR, null);
    }

    /** A client that aborted its request: the write of the answer fails with an I/O error underneath. */
    private static boolean clientWentAway(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException
                    || cause.getClass().getName().endsWith("ClosedChannelException")
                    || String.valueOf(cause.getMessage()).contains("Connection was closed")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String frameworkMessage(int status, String method, String apiPath) {
        return switch (status) {
            case 404 -> "Cannot " + method + " " + apiPath;
            case 405 -> "Method " + method + " is not allowed on " + apiPath;
            // Keycloak's CORS check refuses an Origin that is not among the client's Web Origins.
            case 403 -> ApiErrorCodes.INVALID_ORIGIN;
            case 415 -> "Unsupported media type: send application/json";
            case 413 -> ApiErrorCodes.BODY_TOO_LARGE;
            case 406 -> "Not acceptable: this API answers application/json";
            default -> "Bad request";
        };
    }
}
