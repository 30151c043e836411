package dev.kcpack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;

/** Checks answers against the contract's error shape (spec section 5). */
public final class ApiAssertions {

    private ApiAssertions() {
    }

    /** An error body with exactly statusCode, error and message, and no caching. */
    public static void assertError(Http.Answer answer, int status, String error, String message) {
        assertEquals(status, answer.status(), answer.body());
        JsonNode body = answer.json();
        assertEquals(status, body.get("statusCode").asInt(), answer.body());
        assertEquals(error, body.get("error").asText(), answer.body());
        assertEquals(message, body.get("message").asText(), answer.body());
        assertEquals(3, body.size(), "only statusCode, error and message: " + answer.body());
        assertEquals("no-store", answer.header("Cache-Control"));
    }

    /** A 429 with retryAfter in the body and the Retry-After header; returns the seconds. */
    public static long assertTooManyRequests(Http.Answer answer, String message) {
        assertEquals(429, answer.status(), answer.body());
        JsonNode body = answer.json();
        assertEquals("Too many requests", body.get("error").asText(), answer.body());
        assertEquals(message, body.get("message").asText(), answer.body());
        long retryAfter = body.get("retryAfter").asLong();
        assertEquals(Long.toString(retryAfter), answer.header("Retry-After"));
        return retryAfter;
    }
}
