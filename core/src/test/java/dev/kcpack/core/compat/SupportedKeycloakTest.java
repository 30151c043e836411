package dev.kcpack.core.compat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SupportedKeycloakTest {

    @Test
    void olderThan264IsRefused() {
        assertFalse(SupportedKeycloak.supports("26.3.5"));
        assertFalse(SupportedKeycloak.supports("25.0.6"));
        assertFalse(SupportedKeycloak.supports("26.2.0-SNAPSHOT"));
    }

    @Test
    void from264OnIsSupported() {
        assertTrue(SupportedKeycloak.supports("26.4.0"));
        assertTrue(SupportedKeycloak.supports("26.4.7"));
        assertTrue(SupportedKeycloak.supports("26.5.6"));
        assertTrue(SupportedKeycloak.supports("26.7.3"));
        assertTrue(SupportedKeycloak.supports("27.0.0"), "newer: tried, with a warning");
    }

    @Test
    void onlyWhatIsNewerThan267IsWarnedAbout() {
        assertFalse(SupportedKeycloak.isNewerThanTested("26.7.3"));
        assertFalse(SupportedKeycloak.isNewerThanTested("26.4.7"));
        assertTrue(SupportedKeycloak.isNewerThanTested("26.8.0"));
        assertTrue(SupportedKeycloak.isNewerThanTested("27.0.1"));
    }

    @Test
    void anUnreadableVersionIsGivenTheBenefitOfTheDoubt() {
        assertTrue(SupportedKeycloak.supports("UNKNOWN"));
        assertTrue(SupportedKeycloak.supports(null));
        assertTrue(SupportedKeycloak.supports("999-SNAPSHOT"));
    }
}
