package dev.kcpack.core.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * The pack's settings for one realm. Their home is one component of the realm, edited in the
 * admin console's tab "Realm settings → kcpack" (provider type {@link #TAB_PROVIDER_TYPE}, id
 * {@link #TAB_PROVIDER_ID}); the same component is in the realm's JSON and behind the admin
 * REST API's {@code /components}, and every write of it is checked by {@link #problems}.
 * A realm configured before the tab existed may still carry realm attributes
 * {@code kcpack.<old name>}: they are read where the component leaves a setting empty.
 */
public final class PackSettings {

    public static final String TAB_PROVIDER_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    public static final String TAB_PROVIDER_ID = "kcpack";

    public static final String ATTRIBUTE_PREFIX = "kcpack.";

    /** User attribute (not a setting): pack tokens issued before this epoch millisecond are void. */
    public static final String TOKENS_NOT_BEFORE_ATTRIBUTE = ATTRIBUTE_PREFIX + "tokensNotBefore";

    /** The realm attributes of before the tab, by setting. */
    private static final Map<Setting, String> OLD_ATTRIBUTES = Map.ofEntries(
            Map.entry(Setting.SUDO_TOKEN_LIFESPAN, "sudoTokenLifespan"),
            Map.entry(Setting.PARTIAL_TOKEN_LIFESPAN, "partialTokenLifespan"),
            Map.entry(Setting.SECOND_FACTOR_LEVEL, "acr.secondFactorLevel"),
            Map.entry(Setting.PENDING_SETUP_LIFESPAN, "pendingSetupLifespan"),
            Map.entry(Setting.FREE_FAILURES, "limiter.freeFailures"),
            Map.entry(Setting.FIRST_LOCK, "limiter.firstLockSeconds"),
            Map.entry(Setting.MAX_LOCK, "limiter.maxLockSeconds"),
            Map.entry(Setting.FAILURE_MEMORY, "limiter.failureMemorySeconds"),
            Map.entry(Setting.TOTP_ISSUER, "totp.issuer"),
            Map.entry(Setting.EMAIL_CODE_LIFESPAN, "mail.codeLifespan"),
            Map.entry(Setting.EMAIL_CODE_MAX_TRIES, "mail.codeMaxTries"),
            Map.entry(Setting.MAIL_COOLDOWN, "mail.cooldownSeconds"),
            Map.entry(Setting.RESET_ANSWER_FLOOR, "mail.resetAnswerMillis"),
            Map.entry(Setting.CODE_CHECK_FLOOR, "mail.codeCheckAnswerMillis"),
            Map.entry(Setting.DENIED_DOMAINS, "mail.deniedDomains"));

    private static final Logger LOG = Logger.getLogger(PackSettings.class);

    private final RealmModel realm;
    private Optional<ComponentModel> tab;

    private PackSettings(RealmModel realm) {
        this.realm = realm;
    }

    public static PackSettings of(RealmModel realm) {
        return new PackSettings(realm);
    }

    /**
     * What is wrong with a settings component's config, one sentence per problem: each value
     * against its setting, and the settings that must agree with each other.
     */
    public static List<String> problems(Map<String, List<String>> config) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String problem = setting.problem(config.get(setting.key()));
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (problems.isEmpty()) {
            int first = number(config, Setting.FIRST_LOCK);
            int longest = number(config, Setting.MAX_LOCK);
            if (longest < first) {
                problems.add(Setting.MAX_LOCK.label() + " (" + longest + ") is shorter than "
                        + Setting.FIRST_LOCK.label() + " (" + first + ").");
            }
        }
        return problems;
    }

    /** Seconds a sudo token lives (contract: 300). */
    public int sudoTokenLifespan() {
        return number(Setting.SUDO_TOKEN_LIFESPAN);
    }

    /** The acr level of a login that passed a second factor (2; a password alone is Keycloak's 1). */
    public int secondFactorLevel() {
        return number(Setting.SECOND_FACTOR_LEVEL);
    }

    /** Seconds a partial auth token lives (contract: 300). */
    public int partialTokenLifespan() {
        return number(Setting.PARTIAL_TOKEN_LIFESPAN);
    }

    /** Seconds a login stays recent enough for a plain access token to make a sensitive change. */
    public int recentLoginSeconds() {
        return number(Setting.RECENT_LOGIN);
    }

    /** Seconds a started but not yet activated setup stays pending. */
    public int pendingSetupLifespan() {
        return number(Setting.PENDING_SETUP_LIFESPAN);
    }

    public int freeFailures() {
        return number(Setting.FREE_FAILURES);
    }

    public int firstLockSeconds() {
        return number(Setting.FIRST_LOCK);
    }

    public int maxLockSeconds() {
        return Math.max(number(Setting.MAX_LOCK), firstLockSeconds());
    }

    /** How long failures are remembered after the last one. */
    public int failureMemorySeconds() {
        return number(Setting.FAILURE_MEMORY);
    }

    /** Seconds an emailed code stays valid (contract: 10 minutes). */
    public int emailCodeLifespan() {
        return number(Setting.EMAIL_CODE_LIFESPAN);
    }

    /** Wrong tries after which an emailed code is dropped. */
    public int emailCodeMaxTries() {
        return number(Setting.EMAIL_CODE_MAX_TRIES);
    }

    /** Seconds between two mails to one user or address (contract: 60). */
    public int mailCooldown() {
        return number(Setting.MAIL_COOLDOWN);
    }

    /**
     * Milliseconds a password-reset request takes at least, known address or not, so
     * the time of the answer does not tell whether an account exists.
     */
    public int resetAnswerFloorMillis() {
        return number(Setting.RESET_ANSWER_FLOOR);
    }

    /**
     * Milliseconds a check of a password-reset code (#17, #19) takes at least, known address
     * or not, live code or not.
     */
    public int codeCheckFloorMillis() {
        return number(Setting.CODE_CHECK_FLOOR);
    }

    /** How many requests of a budget (one of the {@code *_PER_ADDRESS} or {@code *_PER_REALM}) a minute takes; 0: no budget. */
    public int budget(Setting setting) {
        return number(setting);
    }

    /** Whether the second-factor pages offer to trust the browser. */
    public boolean trustedDevices() {
        return Boolean.parseBoolean(value(Setting.TRUSTED_DEVICES).get(0));
    }

    /** Whether apps may sign users in with a passkey alone (#20). */
    public boolean passkeySignIn() {
        return Boolean.parseBoolean(value(Setting.PASSKEY_SIGN_IN).get(0));
    }

    /** Whether the realm mails the notice whose switch is {@code setting} (one of the {@code NOTICE_*}). */
    public boolean notifies(Setting setting) {
        return Boolean.parseBoolean(value(setting).get(0));
    }

    /** Days a trusted browser stays trusted. */
    public int trustedDeviceDays() {
        return number(Setting.TRUSTED_DEVICE_DAYS);
    }

    /** Issuer shown by authenticator apps: the setting, else the realm's display name, else its name. */
    public String totpIssuer() {
        String configured = value(Setting.TOTP_ISSUER).get(0);
        if (!configured.isBlank()) {
            return configured;
        }
        String display = realm.getDisplayName();
        return display != null && !display.isBlank() ? display : realm.getName();
    }

    /** The realm's own denied mail domains, or an empty list for the built-in one. */
    public List<String> deniedDomains() {
        return value(Setting.DENIED_DOMAINS).stream().filter(d -> !d.isBlank()).toList();
    }

    /** Every setting's value in force, by key, wherever it came from (tab, old attribute, default). */
    public Map<String, List<String>> effective() {
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            values.put(setting.key(), value(setting));
        }
        return values;
    }

    private int number(Setting setting) {
        return Integer.parseInt(value(setting).get(0));
    }

    private static int number(Map<String, List<String>> config, Setting setting) {
        List<String> values = config.get(setting.key());
        boolean given = values != null && !values.isEmpty() && values.get(0) != null && !values.get(0).isBlank();
        return Integer.parseInt(given ? values.get(0).trim() : setting.defaultValue());
    }

    /**
     * The setting's values: the tab's, else the old realm attribute's, else the default. A
     * component's values were checked when written; an old attribute is checked here and,
     * if it makes no sense, logged and ignored (nothing refused it when it was written).
     */
    private List<String> value(Setting setting) {
        Optional<ComponentModel> component = tab();
        if (component.isPresent()) {
            List<String> values = component.get().getConfig().getOrDefault(setting.key(), List.of()).stream()
                    .filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
            if (!values.isEmpty() && setting.problem(values) == null) {
                return values;
            }
        }
        String old = OLD_ATTRIBUTES.get(setting);
        String attribute = old == null ? null : realm.getAttribute(ATTRIBUTE_PREFIX + old);
        if (attribute != null && !attribute.isBlank()) {
            List<String> values = setting.kind() == Setting.Kind.DOMAINS
                    ? Arrays.stream(attribute.split(",")).map(String::trim).filter(d -> !d.isEmpty()).toList()
                    : List.of(attribute.trim());
            String problem = setting.problem(values);
            if (problem == null) {
                return values;
            }
            LOG.warnf("realm %s: attribute %s%s ignored: %s", realm.getName(), ATTRIBUTE_PREFIX, old, problem);
        }
        return List.of(setting.defaultValue());
    }

    private Optional<ComponentModel> tab() {
        if (tab == null) {
            tab = realm.getComponentsStream(realm.getId(), TAB_PROVIDER_TYPE)
                    .filter(c -> TAB_PROVIDER_ID.equals(c.getProviderId()))
                    .findFirst();
        }
        return tab;
    }
}
