package dev.kcpack.core.support;

import org.keycloak.models.RealmModel;

/**
 * The pack's settings for one realm. Each has a default from the contract and can be
 * changed per realm with a realm attribute {@code kcpack.<name>} (admin REST API or
 * realm JSON), so realms of one server can differ and no restart is needed.
 */
public final class PackSettings {

    public static final String ATTRIBUTE_PREFIX = "kcpack.";

    public static final String SUDO_TOKEN_LIFESPAN = "sudoTokenLifespan";
    public static final String PARTIAL_TOKEN_LIFESPAN = "partialTokenLifespan";
    /** The level of authentication (acr) of a login that passed a second factor. */
    public static final String SECOND_FACTOR_LEVEL = "acr.secondFactorLevel";
    public static final String PENDING_SETUP_LIFESPAN = "pendingSetupLifespan";
    public static final String FREE_FAILURES = "limiter.freeFailures";
    public static final String FIRST_LOCK = "limiter.firstLockSeconds";
    public static final String MAX_LOCK = "limiter.maxLockSeconds";
    public static final String FAILURE_MEMORY = "limiter.failureMemorySeconds";
    public static final String TOTP_ISSUER = "totp.issuer";
    public static final String EMAIL_CODE_LIFESPAN = "mail.codeLifespan";
    public static final String EMAIL_CODE_MAX_TRIES = "mail.codeMaxTries";
    public static final String MAIL_COOLDOWN = "mail.cooldownSeconds";
    public static final String RESET_ANSWER_FLOOR = "mail.resetAnswerMillis";
    public static final String CODE_CHECK_FLOOR = "mail.codeCheckAnswerMillis";
    /** Comma-separated mail domains no code is sent to (empty: the built-in disposable-mail list). */
    public static final String DENIED_DOMAINS = "mail.deniedDomains";
    /** JSON object: origin name to branding. */
    public static final String MAIL_ORIGINS = "mail.origins";

    /** User attribute (not a setting): pack tokens issued before this epoch millisecond are void. */
    public static final String TOKENS_NOT_BEFORE_ATTRIBUTE = ATTRIBUTE_PREFIX + "tokensNotBefore";

    private static final int DEFAULT_SUDO_TOKEN_LIFESPAN = 300;
    private static final int DEFAULT_PARTIAL_TOKEN_LIFESPAN = 300;
    private static final int DEFAULT_SECOND_FACTOR_LEVEL = 2;
    private static final int DEFAULT_PENDING_SETUP_LIFESPAN = 900;
    private static final int DEFAULT_FREE_FAILURES = 5;
    private static final int DEFAULT_FIRST_LOCK = 60;
    private static final int DEFAULT_MAX_LOCK = 900;
    private static final int DEFAULT_FAILURE_MEMORY = 86_400;
    private static final int DEFAULT_EMAIL_CODE_LIFESPAN = 600;
    private static final int DEFAULT_EMAIL_CODE_MAX_TRIES = 5;
    private static final int DEFAULT_MAIL_COOLDOWN = 60;
    private static final int DEFAULT_RESET_ANSWER_FLOOR = 150;
    private static final int DEFAULT_CODE_CHECK_FLOOR = 40;

    private final RealmModel realm;

    private PackSettings(RealmModel realm) {
        this.realm = realm;
    }

    public static PackSettings of(RealmModel realm) {
        return new PackSettings(realm);
    }

    /** Seconds a sudo token lives (contract: 300). */
    public int sudoTokenLifespan() {
        return positive(SUDO_TOKEN_LIFESPAN, DEFAULT_SUDO_TOKEN_LIFESPAN);
    }

    /** The acr level of a login that passed a second factor (2; a password alone is Keycloak's 1). */
    public int secondFactorLevel() {
        return positive(SECOND_FACTOR_LEVEL, DEFAULT_SECOND_FACTOR_LEVEL);
    }

    /** Seconds a partial auth token lives (contract: 300). */
    public int partialTokenLifespan() {
        return positive(PARTIAL_TOKEN_LIFESPAN, DEFAULT_PARTIAL_TOKEN_LIFESPAN);
    }

    /** Seconds a started but not yet activated setup stays pending. */
    public int pendingSetupLifespan() {
        return positive(PENDING_SETUP_LIFESPAN, DEFAULT_PENDING_SETUP_LIFESPAN);
    }

    public int freeFailures() {
        return positive(FREE_FAILURES, DEFAULT_FREE_FAILURES);
    }

    public int firstLockSeconds() {
        return positive(FIRST_LOCK, DEFAULT_FIRST_LOCK);
    }

    public int maxLockSeconds() {
        return positive(MAX_LOCK, DEFAULT_MAX_LOCK);
    }

    /** How long failures are remembered after the last one. */
    public int failureMemorySeconds() {
        return positive(FAILURE_MEMORY, DEFAULT_FAILURE_MEMORY);
    }

    /** Seconds an emailed code stays valid (contract: 10 minutes). */
    public int emailCodeLifespan() {
        return positive(EMAIL_CODE_LIFESPAN, DEFAULT_EMAIL_CODE_LIFESPAN);
    }

    /** Wrong tries after which an emailed code is dropped. */
    public int emailCodeMaxTries() {
        return positive(EMAIL_CODE_MAX_TRIES, DEFAULT_EMAIL_CODE_MAX_TRIES);
    }

    /** Seconds between two mails to one user or address (contract: 60). */
    public int mailCooldown() {
        return positive(MAIL_COOLDOWN, DEFAULT_MAIL_COOLDOWN);
    }

    /**
     * Milliseconds a password-reset request takes at least, known address or not, so
     * the time of the answer does not tell whether an account exists.
     */
    public int resetAnswerFloorMillis() {
        return positive(RESET_ANSWER_FLOOR, DEFAULT_RESET_ANSWER_FLOOR);
    }

    /**
     * Milliseconds a check of a password-reset code (#17, #19) takes at least, known address
     * or not, live code or not.
     */
    public int codeCheckFloorMillis() {
        return positive(CODE_CHECK_FLOOR, DEFAULT_CODE_CHECK_FLOOR);
    }

    /** Issuer shown by authenticator apps: the setting, else the realm's display name, else its name. */
    public String totpIssuer() {
        String configured = realm.getAttribute(ATTRIBUTE_PREFIX + TOTP_ISSUER);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String display = realm.getDisplayName();
        return display != null && !display.isBlank() ? display : realm.getName();
    }

    /** The realm's own list of denied mail domains as written, or null. */
    public String deniedDomains() {
        return text(DENIED_DOMAINS);
    }

    /** The realm's mail brandings as written (a JSON object), or null. */
    public String mailOrigins() {
        return text(MAIL_ORIGINS);
    }

    private String text(String name) {
        String value = realm.getAttribute(ATTRIBUTE_PREFIX + name);
        return value == null || value.isBlank() ? null : value;
    }

    private int positive(String name, int fallback) {
        String value = realm.getAttribute(ATTRIBUTE_PREFIX + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
