package dev.kcpack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;

/** What a token says: its claims, read as a client reads them (no signature check here). */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code amr} claim as a list (empty when absent). */
    public static List<String> amr(String jwt) {
        List<String> values = new ArrayList<>();
        claims(jwt).path("amr").forEach(value -> values.add(value.asText()));
        return values;
    }
}
