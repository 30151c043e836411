package dev.kcpack.core.notice;

import dev.kcpack.core.settings.Setting;

/**
 * A change to how an account signs in that its owner is told of by mail (#21, OWASP ASVS 5.0
 * V6: "users are notified after updates to authentication details"). Each kind has its own
 * realm setting, on by default, and names its message keys and metric tag by {@link #key()}.
 */
public enum SecurityNotice {
    PASSWORD_CHANGED("passwordChanged", Setting.NOTICE_PASSWORD_CHANGED),
    PASSWORD_RESET("passwordReset", Setting.NOTICE_PASSWORD_RESET),
    /** Names the factor: a {@code Factor}'s API name or one of Keycloak's (see {@code doors.NoticedFactor}). */
    FACTOR_ADDED("factorAdded", Setting.NOTICE_FACTOR_ADDED),
    FACTOR_REMOVED("factorRemoved", Setting.NOTICE_FACTOR_REMOVED),
    RECOVERY_CODES_MADE("recoveryCodesMade", Setting.NOTICE_RECOVERY_CODES),
    /** Names the browser by its summary ("Firefox on Linux"). */
    BROWSER_TRUSTED("browserTrusted", Setting.NOTICE_BROWSER_TRUSTED),
    TRUSTED_BROWSERS_REMOVED("trustedBrowsersRemoved", Setting.NOTICE_TRUSTS_REMOVED),
    /** Names the browser by its summary and IP address ("Firefox/120.0 on Linux, 203.0.113.7"). */
    NEW_BROWSER("newBrowser", Setting.NOTICE_NEW_BROWSER);

    private final String key;
    private final Setting setting;

    SecurityNotice(String key, Setting setting) {
        this.key = key;
        this.setting = setting;
    }

    public String key() {
        return key;
    }

    /** The realm's switch of this kind. */
    public Setting setting() {
        return setting;
    }
}
