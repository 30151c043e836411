package dev.kcpack.core.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class MailAddressesTest {

    @BeforeAll
    static void keycloakConfig() {
        // Keycloak's validator reads the user profile's local-part limit from the server config.
        Config.init(new Config.SystemPropertiesConfigProvider());
    }

    @Test
    void ordinaryAddressesPass() {
        assertTrue(MailAddresses.problem("alice@demo.kcpack.localhost").isEmpty());
        assertTrue(MailAddresses.problem("first.last+tag@example.co.uk").isEmpty());
    }

    @Test
    void whatTheServerCannotMailIsRefusedWithASentence() {
        for (String bad : new String[] {"", "nope", "a@b", "a@@b.test", "a b@example.test", "a@example.test.",
                "\"quoted\"@example.test", "é@example.test", "a@exämple.test", "a\u0000@example.test",
                "a\r\nBcc: x@example.test", "x".repeat(250) + "@ex.test"}) {
            assertTrue(MailAddresses.problem(bad).isPresent(), bad);
            assertEquals("Invalid email address", MailAddresses.problem(bad).get(), bad);
        }
    }

    @Test
    void maskingKeepsTheFirstAndLastCharacterOfTheLocalPart() {
        assertEquals("a***e@example.test", MailAddresses.mask("alice@example.test"));
        assertEquals("b***@example.test", MailAddresses.mask("bo@example.test"));
        assertEquals("nothing-to-mask", MailAddresses.mask("nothing-to-mask"));
    }
}
