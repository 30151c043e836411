package dev.kcpack.rest;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.kcpack.core.mail.MailAddresses;
import org.keycloak.util.JsonSerialization;

/**
 * Reads request bodies and applies the contract's field rules, with readable
 * messages. Resources take the raw body so that malformed JSON is answered here, in
 * the contract's words, not by the JAX-RS runtime.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** No body of the contract comes near this; a larger one is refused before it is parsed. */
    static final int MAX_BODY_CHARS = 16 * 1024;

    /** The body as a JSON object; an empty body counts as {@code {}}. */
    static JsonNode object(String raw) {
        if (raw != null && raw.length() > MAX_BODY_CHARS) {
            throw ApiException.payloadTooLarge();
        }
        if (raw == null || raw.isBlank()) {
            return JsonSerialization.mapper.createObjectNode();
        }
        JsonNode node;
        try {
            node = JsonSerialization.mapper.readTree(raw);
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body must be object");
        }
        return node;
    }

    static String requiredString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("body must have required property '" + field + "'");
        }
        if (value.getNodeType() != JsonNodeType.STRING) {
            throw ApiException.badRequest(field + " must be string");
        }
        return value.asText();
    }

    /** An email address the pack can use (see {@link MailAddresses}), trimmed. */
    static String email(JsonNode body, String field) {
        String email = requiredString(body, field).trim();
        MailAddresses.problem(email).ifPresent(problem -> {
            throw ApiException.badRequest(problem);
        });
        return email;
    }

    /** An email address of at least {@code min} and at most {@code max} characters (#9: 5..100). */
    static String email(JsonNode body, String field, int min, int max) {
        String email = email(body, field);
        if (email.length() < min || email.length() > max) {
            throw ApiException.badRequest(MailAddresses.INVALID);
        }
        return email;
    }

    /** A string of at most {@code max} characters. */
    static String boundedString(JsonNode body, String field, int max) {
        String value = requiredString(body, field);
        if (value.length() > max) {
            throw ApiException.badRequest(field + " must be at most " + max + " characters");
        }
        return value;
    }

    /** A new password by the contract's own rules; the realm's policy is checked later, with the user. */
    static String newPassword(JsonNode body, String field) {
        String password = requiredString(body, field);
        dev.kcpack.core.password.PasswordRules.contractViolation(password).ifPresent(message -> {
            throw ApiException.badRequest(message);
        });
        return password;
    }

    /** A one-time code of the contract: exactly 6 digits. */
    static String sixDigitCode(JsonNode body, String field) {
        String code = requiredString(body, field);
        if (!code.matches("[0-9]{6}")) {
            throw ApiException.badRequest(field + " must be a string of 6 digits");
        }
        return code;
    }
}
