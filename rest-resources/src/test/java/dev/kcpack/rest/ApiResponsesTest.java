package dev.kcpack.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiResponsesTest {

    @Test
    void reasonPhrasesAreTheContractsOwn() {
        assertEquals("Bad Request", ApiResponses.reasonPhrase(400));
        assertEquals("Unauthorized", ApiResponses.reasonPhrase(401));
        assertEquals("Forbidden", ApiResponses.reasonPhrase(403));
        assertEquals("Not Found", ApiResponses.reasonPhrase(404));
        assertEquals("Conflict", ApiResponses.reasonPhrase(409));
        assertEquals("Too many requests", ApiResponses.reasonPhrase(429));
        assertEquals("Internal server error", ApiResponses.reasonPhrase(500));
    }
}
