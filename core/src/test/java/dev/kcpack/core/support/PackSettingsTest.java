package dev.kcpack.core.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

class PackSettingsTest {

    /** A realm that has only attributes and a name: all the settings read. */
    private static RealmModel realm(Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getName" -> "demo";
                    case "getDisplayName" -> attributes.get("displayName");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void missingValuesMeanTheContractDefaults() {
        PackSettings settings = PackSettings.of(realm(Map.of()));
        assertEquals(300, settings.sudoTokenLifespan());
        assertEquals(5, settings.freeFailures());
        assertEquals(60, settings.firstLockSeconds());
        assertEquals(900, settings.maxLockSeconds());
        assertEquals(600, settings.emailCodeLifespan());
        assertEquals(60, settings.mailCooldown());
        assertEquals("demo", settings.totpIssuer());
        assertNull(settings.mailOrigins());
    }

    @Test
    void realmAttributesOverrideAndNonsenseFallsBack() {
        PackSettings settings = PackSettings.of(realm(Map.of(
                "kcpack.sudoTokenLifespan", " 120 ",
                "kcpack.limiter.freeFailures", "-3",
                "kcpack.mail.cooldownSeconds", "soon",
                "kcpack.totp.issuer", "Acme",
                "kcpack.mail.deniedDomains", "  ")));
        assertEquals(120, settings.sudoTokenLifespan());
        assertEquals(5, settings.freeFailures());
        assertEquals(60, settings.mailCooldown());
        assertEquals("Acme", settings.totpIssuer());
        assertNull(settings.deniedDomains());
    }
}
