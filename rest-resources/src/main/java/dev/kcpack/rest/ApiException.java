package dev.kcpack.rest;

import jakarta.ws.rs.WebApplicationException;

/**
 * The one error type of the API. It carries what the contract's error body needs;
 * {@link ApiErrorMapper} turns it into that body. It is built without a response
 * entity on purpose, so that JAX-RS hands it to the mapper.
 */
public final class ApiException extends WebApplicationException {

    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    private ApiException(int status, String code, Long retryAfterSeconds) {
        super(code, status);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, null);
    }

    public static ApiException unauthorized(String code) {
        return new ApiException(401, code, null);
    }

    public static ApiException forbidden(String code) {
        return new ApiException(403, code, null);
    }

    public static ApiException notFound(String code) {
        return new ApiException(404, code, null);
    }

    public static ApiException conflict(String code) {
        return new ApiException(409, code, null);
    }

    public static ApiException payloadTooLarge() {
        return new ApiException(413, ApiErrorCodes.BODY_TOO_LARGE, null);
    }

    public static ApiException tooManyRequests(String code, long retryAfterSeconds) {
        return new ApiException(429, code, Math.max(0, retryAfterSeconds));
    }

    public static ApiException serverError(String code) {
        return new ApiException(500, code, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Whole seconds until a retry may succeed; only set on 429. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // An expected outcome, not a bug: no stack trace to build or to leak.
        return this;
    }
}
