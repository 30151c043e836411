package dev.kcpack.core.support;

import java.io.IOException;

import org.keycloak.util.JsonSerialization;

/**
 * The JSON of the pack's credentials ({@code credentialData}, {@code secretData}), with
 * Keycloak's own mapper. A credential that cannot be read is a corrupt one: an
 * {@link IllegalStateException} naming its kind, for the caller's "corrupt" outcome.
 */
public final class CredentialJson {

    private CredentialJson() {
    }

    public static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T read(String json, Class<T> type, String kind) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable " + kind + " credential", e);
        }
    }
}
