package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/**
 * #22: the pack on the Keycloak the build runs ({@code -Dkeycloak.version}), built with no
 * feature switched on, as many adopters run it: it says what it is (one start-up line, the
 * server info, each realm's settings in force), and an admin sets every setting and mail
 * brand through admin REST and realm import, checked on write, and the pack uses them.
 */
class SupportedKeycloakIT extends RealmTestBase {

    private static final String KEYCLOAK = System.getProperty("kcpack.keycloakVersion");

    @Test
    void theServerRunsWithoutExperimentalFeaturesAndThePackSaysWhatItIs() throws Exception {
        JsonNode info = env.admin().send("GET", "/admin/serverinfo", null).json();
        assertEquals(KEYCLOAK, info.path("systemInfo").path("version").asText(), "the build's Keycloak runs");
        assertTrue(info.path("profileInfo").path("disabledFeatures").toString().contains("DECLARATIVE_UI"),
                info.path("profileInfo").toString());

        JsonNode pack = info.path("providers").path("realm-restapi-extension").path("providers").path("user")
                .path("operationalInfo");
        assertEquals(KEYCLOAK, pack.path("keycloak-version").asText(), pack.toString());
        assertEquals("26.4 to 26.7", pack.path("supported-keycloak").asText(), pack.toString());
        assertTrue(pack.path("admin-console-pages").asText().startsWith("off"), pack.toString());
        assertFalse(pack.path("kcpack-version").asText().isBlank(), pack.toString());

        String log = Files.readString(env.keycloakLog());
        assertTrue(log.contains("kcpack " + pack.path("kcpack-version").asText() + " started on Keycloak " + KEYCLOAK),
                "one start-up line with both versions");
    }

    @Test
    void theImportedRealmsSettingsAndBrandsAreThereAndInForce() {
        Http.Answer components = env.admin().send("GET", "/admin/realms/" + realm + "/components?type="
                + "org.keycloak.services.ui.extend.UiPageProvider", null);
        assertEquals(200, components.status(), components.body());
        assertTrue(components.body().contains("acme-web"), "the demo realm's brands were imported: " + components.body());

        JsonNode effective = env.admin().send("GET", "/admin/realms/" + realm + "/kcpack/settings", null).json();
        assertEquals("true", effective.path("settings").path("trustedDevicesEnabled").path(0).asText(), effective.toString());
        assertTrue(effective.path("mailBrands").toString().contains("acme-web"), effective.toString());
    }

    @Test
    void settingsWrittenOverAdminRestAreCheckedAndUsed() {
        String own = env.newRealm();
        Http.Answer refused = env.admin().changePackSettings(own, Map.of("freeFailures", "0"));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("a whole number from 1 to 100"), refused.body());

        env.admin().setPackSettings(own, Map.of("mailCooldownSeconds", "9"));
        JsonNode effective = env.admin().send("GET", "/admin/realms/" + own + "/kcpack/settings", null).json();
        assertEquals(List.of("9"), Http.JSON.convertValue(effective.path("settings").path("mailCooldownSeconds"), List.class));

        TestUser user = env.newUser(own);
        String access = env.accessToken(user);
        dev.kcpack.demo.UserApi ownApi = new dev.kcpack.demo.UserApi(env, own);
        ok(ownApi.post("/2fa/email-otp/setup", access, Map.of("email", user.email())));
        long retryAfter = assertTooManyRequests(ownApi.post("/2fa/email-otp/setup", access, Map.of("email", user.email())),
                "TOO_MANY_OTP_EMAILS");
        assertTrue(retryAfter > 0 && retryAfter <= 9, "the cooldown set over REST is the one kept: " + retryAfter);
    }

    @Test
    void aBrandAddedOverAdminRestIsCheckedAndDressesTheMail() throws Exception {
        String own = env.newRealm();
        String realmId = env.admin().send("GET", "/admin/realms/" + own, null).json().get("id").asText();
        Map<String, Object> brand = Map.of("name", "kcpack-mail-brands", "providerId", "kcpack-mail-brands",
                "providerType", "org.keycloak.services.ui.extend.UiPageProvider", "parentId", realmId,
                "config", Map.of("origin", List.of("globex-app"), "brandName", List.of("Globex"),
                        "senderName", List.of("Globex Security"), "primaryColor", List.of("#224466")));
        Http.Answer created = env.admin().send("POST", "/admin/realms/" + own + "/components", brand);
        assertEquals(201, created.status(), created.body());
        Http.Answer duplicate = env.admin().send("POST", "/admin/realms/" + own + "/components", brand);
        assertEquals(400, duplicate.status(), duplicate.body());
        assertTrue(duplicate.body().contains("another brand of this realm is called globex-app"), duplicate.body());

        TestUser user = env.newUser(own);
        int seen = inbox.count(user.email());
        ok(new dev.kcpack.demo.UserApi(env, own).post("/2fa/email-otp/setup?origin=globex-app", env.accessToken(user),
                Map.of("email", user.email())));
        var mail = inbox.awaitNew(user.email(), seen);
        assertTrue(mail.getSubject().contains("Globex"), mail.getSubject());
        assertTrue(mail.getFrom()[0].toString().contains("Globex Security"), mail.getFrom()[0].toString());
    }
}
