package dev.kcpack.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

class PackSettingsTest {

    /** A realm with old attributes and, if {@code tab} is not null, a settings component. */
    private static RealmModel realm(Map<String, String> attributes, Map<String, String> tab) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getId" -> "realm-id";
                    case "getName" -> "demo";
                    case "getDisplayName" -> attributes.get("displayName");
                    case "getComponentsStream" -> tab == null ? Stream.empty() : Stream.of(component(tab));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ComponentModel component(Map<String, String> values) {
        ComponentModel model = new ComponentModel();
        model.setId("tab-id");
        model.setProviderId(PackSettings.TAB_PROVIDER_ID);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        values.forEach(config::add);
        model.setConfig(config);
        return model;
    }

    @Test
    void missingValuesMeanTheContractDefaults() {
        PackSettings settings = PackSettings.of(realm(Map.of(), null));
        assertEquals(300, settings.sudoTokenLifespan());
        assertEquals(5, settings.freeFailures());
        assertEquals(60, settings.firstLockSeconds());
        assertEquals(900, settings.maxLockSeconds());
        assertEquals(600, settings.emailCodeLifespan());
        assertEquals(60, settings.mailCooldown());
        assertEquals("demo", settings.totpIssuer());
        assertFalse(settings.trustedDevices());
        assertEquals(30, settings.trustedDeviceDays());
        assertTrue(settings.deniedDomains().isEmpty());
    }

    @Test
    void theTabWinsOverOldAttributesAndOldNonsenseIsIgnored() {
        PackSettings settings = PackSettings.of(realm(Map.of(
                "kcpack.sudoTokenLifespan", " 120 ",
                "kcpack.limiter.freeFailures", "-3",
                "kcpack.mail.cooldownSeconds", "soon",
                "kcpack.totp.issuer", "Acme",
                "kcpack.mail.deniedDomains", "spam.example, junk.example "),
                Map.of("sudoTokenLifespan", "90", "trustedDevicesEnabled", "true")));
        assertEquals(90, settings.sudoTokenLifespan());
        assertEquals(5, settings.freeFailures());
        assertEquals(60, settings.mailCooldown());
        assertEquals("Acme", settings.totpIssuer());
        assertEquals(List.of("spam.example", "junk.example"), settings.deniedDomains());
        assertTrue(settings.trustedDevices());
    }

    @Test
    void problemsNameTheRuleABadValueBreaks() {
        assertEquals(List.of(), PackSettings.problems(Map.of("freeFailures", List.of("7"),
                "deniedMailDomains", List.of("spam.example", "junk.example"), "trustedDevicesEnabled", List.of("true"))));
        assertEquals(List.of("Wrong guesses before the first lock: a whole number from 1 to 100."),
                PackSettings.problems(Map.of("freeFailures", List.of("0"))));
        assertEquals(List.of("Mail cooldown (seconds): a whole number from 1 to 3600."),
                PackSettings.problems(Map.of("mailCooldownSeconds", List.of("soon"))));
        assertEquals(List.of("Denied mail domains: \"not a domain\" is not a domain name (like mailinator.com)."),
                PackSettings.problems(Map.of("deniedMailDomains", List.of("not a domain"))));
        assertEquals(List.of("Longest lock (seconds) (30) is shorter than First lock (seconds) (60)."),
                PackSettings.problems(Map.of("maxLockSeconds", List.of("30"))));
    }
}
