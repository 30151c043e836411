package dev.kcpack.core.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MailBrandTest {

    @Test
    void aBrandNeedsAnOriginAndANameAndSaysWhatElseIsWrong() {
        assertEquals(List.of(), new MailBrand("acme-web", "Acme", "", "#d9480f", "https://app.acme.example").problems());
        assertEquals(List.of(
                        "Origin: lower-case letters, digits and dashes (like acme-web), at most 63.",
                        "Brand name: from 1 to 64 characters.",
                        "Primary colour: #rrggbb, like #d9480f.",
                        "Product URL: an https:// or http:// address."),
                MailBrand.of(Map.of("origin", List.of("Acme Web"), "primaryColor", List.of("orange"),
                        "productUrl", List.of("javascript:alert(1)"))).problems());
    }

    @Test
    void emptyFieldsTakeTheRealmsSenderAndTheDefaultColour() {
        Map<String, String> brand = new MailBrand("acme-web", "Acme", "", "", "").forTemplates("Demo");
        assertEquals("Demo", brand.get("senderName"));
        assertEquals(MailBrand.DEFAULT_COLOR, brand.get("primaryColor"));
    }
}
