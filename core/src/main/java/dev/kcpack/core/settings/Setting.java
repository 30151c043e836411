package dev.kcpack.core.settings;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every per-realm setting of the pack: its key, default, bounds and words. The admin
 * console's tab is drawn from this list and its values are checked by {@link #problem}, so
 * a value the pack would not use is refused where it is written, not replaced at use.
 */
public enum Setting {
    SUDO_TOKEN_LIFESPAN("sudoTokenLifespan", Kind.SECONDS, "300", 1, 3_600,
            "Sudo token lifespan (seconds)", "How long a sudo token from a second-factor check stays valid."),
    PARTIAL_TOKEN_LIFESPAN("partialTokenLifespan", Kind.SECONDS, "300", 1, 3_600,
            "Partial auth token lifespan (seconds)",
            "How long the token of a password-only login waits for the second factor."),
    SECOND_FACTOR_LEVEL("secondFactorLevel", Kind.NUMBER, "2", 1, 100,
            "Level of authentication of a second factor (acr)",
            "The acr level (through the client's acr.loa.map if it has one) a login that passed a second factor gets; a password alone is 1."),
    RECENT_LOGIN("recentLoginSeconds", Kind.SECONDS, "600", 10, 86_400,
            "Recent login for changes (seconds)",
            "A plain access token may enrol a first factor or passkey, start an email transfer or end sessions "
                    + "only if its login is at most this old (auth_time; a refresh does not renew it). Older: 401 "
                    + "REAUTHENTICATION_REQUIRED, and the app signs the user in again."),
    PENDING_SETUP_LIFESPAN("pendingSetupLifespan", Kind.SECONDS, "900", 1, 86_400,
            "Pending TOTP setup lifespan (seconds)", "How long a started TOTP setup waits to be enabled."),
    FREE_FAILURES("freeFailures", Kind.NUMBER, "5", 1, 100,
            "Wrong guesses before the first lock", "Per factor and user (per address for reset codes)."),
    FIRST_LOCK("firstLockSeconds", Kind.SECONDS, "60", 1, 86_400,
            "First lock (seconds)", "Each further wrong guess doubles the lock, up to the longest lock."),
    MAX_LOCK("maxLockSeconds", Kind.SECONDS, "900", 1, 604_800,
            "Longest lock (seconds)", "Not shorter than the first lock."),
    FAILURE_MEMORY("failureMemorySeconds", Kind.SECONDS, "86400", 1, 31_536_000,
            "Failure memory (seconds)", "How long wrong guesses are remembered after the last one."),
    RESET_CODE_CHECKS_PER_ADDRESS("resetCodeChecksPerAddress", Kind.NUMBER, "30", 0, 20_000,
            "Reset-code checks per client address (a minute)",
            "Checks of mailed reset codes (reset/validate, password/otp) one client IP address (IPv6: its /64) may make "
                    + "in a minute, whichever addresses they name; more: 429. 0: no budget."),
    RESET_CODE_CHECKS_PER_REALM("resetCodeChecksPerRealm", Kind.NUMBER, "60", 0, 20_000,
            "Reset-code checks in the realm (a minute)",
            "Checks of mailed reset codes the whole realm takes in a minute, from every address together, counted on "
                    + "all nodes; more: 429 and a warning in the log. 0: no budget."),
    RESET_MAILS_PER_ADDRESS("resetMailsPerAddress", Kind.NUMBER, "20", 0, 20_000,
            "Reset mails asked per client address (a minute)",
            "Password-reset mails (reset/send, forgot) one client IP address may ask for in a minute; more: 429. 0: no budget."),
    RESET_MAILS_PER_REALM("resetMailsPerRealm", Kind.NUMBER, "60", 0, 20_000,
            "Reset mails asked in the realm (a minute)",
            "Password-reset mails the whole realm takes requests for in a minute; more: 429 and a warning in the log. "
                    + "0: no budget."),
    PASSKEY_SIGN_INS_PER_ADDRESS("passkeySignInsPerAddress", Kind.NUMBER, "60", 0, 20_000,
            "Passkey sign-in requests per client address (a minute)",
            "Options and answers of the sign-in with a passkey alone (API and login page) one client IP address may "
                    + "send in a minute; more: 429. 0: no budget."),
    PASSKEY_SIGN_INS_PER_REALM("passkeySignInsPerRealm", Kind.NUMBER, "1200", 0, 20_000,
            "Passkey sign-in requests in the realm (a minute)",
            "Options and answers of the sign-in with a passkey alone the whole realm takes in a minute; more: 429 and "
                    + "a warning in the log. 0: no budget."),
    TOTP_ISSUER("totpIssuer", Kind.TEXT, "", 0, 64,
            "TOTP issuer", "The name authenticator apps show; empty: the realm's display name, else its name."),
    EMAIL_CODE_LIFESPAN("emailCodeLifespan", Kind.SECONDS, "600", 1, 86_400,
            "Emailed code lifespan (seconds)", "How long a mailed code stays valid."),
    EMAIL_CODE_MAX_TRIES("emailCodeMaxTries", Kind.NUMBER, "5", 1, 20,
            "Wrong tries per emailed code", "After these the code is dropped."),
    MAIL_COOLDOWN("mailCooldownSeconds", Kind.SECONDS, "60", 1, 3_600,
            "Mail cooldown (seconds)",
            "Time between two mails to one user (email OTP, email transfer) or one address (password reset)."),
    RESET_ANSWER_FLOOR("resetAnswerMillis", Kind.NUMBER, "150", 0, 5_000,
            "Least time of a reset request (ms)",
            "So the time of the answer does not tell whether an address has an account; 0 turns it off."),
    CODE_CHECK_FLOOR("codeCheckAnswerMillis", Kind.NUMBER, "40", 0, 5_000,
            "Least time of a reset-code check (ms)", "The same for checks of mailed reset codes; 0 turns it off."),
    DENIED_DOMAINS("deniedMailDomains", Kind.DOMAINS, "", 0, 1_000,
            "Denied mail domains",
            "No code is mailed to these domains or their subdomains; empty: a built-in list of disposable-mail services."),
    TRUSTED_DEVICES("trustedDevicesEnabled", Kind.SWITCH, "false", 0, 0,
            "Trust this browser",
            "Offer \"Trust this browser\" on the second-factor pages: a trusted browser is asked only for the password."),
    TRUSTED_DEVICE_DAYS("trustedDeviceDays", Kind.NUMBER, "30", 1, 365,
            "Days a browser stays trusted", "After these the factor is asked again."),
    PASSKEY_SIGN_IN("passkeySignIn", Kind.SWITCH, "false", 0, 0,
            "Sign in with a passkey alone",
            "Let apps sign users in over the API with a passkey and no password (POST /user/passkey/sign-in), "
                    + "for clients with direct access grants."),
    NOTICE_PASSWORD_CHANGED("noticePasswordChanged", Kind.SWITCH, "true", 0, 0,
            "Notice: password changed", "Mail the user when their password was changed (API, login pages, Account Console)."),
    NOTICE_PASSWORD_RESET("noticePasswordReset", Kind.SWITCH, "true", 0, 0,
            "Notice: password reset", "Mail the user when their password was reset (mailed code or link, an admin)."),
    NOTICE_FACTOR_ADDED("noticeFactorAdded", Kind.SWITCH, "true", 0, 0,
            "Notice: second factor added", "Mail the user when a second factor was added to their account, naming it."),
    NOTICE_FACTOR_REMOVED("noticeFactorRemoved", Kind.SWITCH, "true", 0, 0,
            "Notice: second factor removed", "Mail the user when a second factor was removed from their account."),
    NOTICE_RECOVERY_CODES("noticeRecoveryCodes", Kind.SWITCH, "true", 0, 0,
            "Notice: new recovery codes", "Mail the user when new recovery codes replaced their old ones."),
    NOTICE_BROWSER_TRUSTED("noticeBrowserTrusted", Kind.SWITCH, "true", 0, 0,
            "Notice: browser trusted", "Mail the user when a browser was trusted to skip the second factor."),
    NOTICE_TRUSTS_REMOVED("noticeTrustsRemoved", Kind.SWITCH, "true", 0, 0,
            "Notice: trusted browsers removed", "Mail the user when all their trusted browsers were removed."),
    NOTICE_NEW_BROWSER("noticeNewBrowser", Kind.SWITCH, "true", 0, 0,
            "Notice: sign-in from a new browser",
            "Mail the user when they sign in with a kind of browser or device not seen for them in the last year "
                    + "(not on their first sign-in), naming it and its IP address.");

    /** How a value is written and checked. */
    public enum Kind {
        NUMBER, SECONDS, TEXT, DOMAINS, SWITCH
    }

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final int min;
    private final int max;
    private final String label;
    private final String help;

    Setting(String key, Kind kind, String defaultValue, int min, int max, String label, String help) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.label = label;
        this.help = help;
    }

    /** The key in the settings component's config (no dots: the admin console nests dotted names). */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    /** What is wrong with {@code values} for this setting, in words for the admin; null when nothing. */
    public String problem(List<String> values) {
        List<String> given = values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
        if (given.isEmpty()) {
            return null;
        }
        return switch (kind) {
            case NUMBER, SECONDS -> numberProblem(given);
            case TEXT -> given.size() == 1 && given.get(0).length() <= max ? null
                    : label + ": at most " + max + " characters.";
            case SWITCH -> given.size() == 1 && (given.get(0).equals("true") || given.get(0).equals("false")) ? null
                    : label + ": true or false.";
            case DOMAINS -> domainsProblem(given);
        };
    }

    private String numberProblem(List<String> given) {
        String bounds = label + ": a whole number from " + min + " to " + max + ".";
        if (given.size() != 1) {
            return bounds;
        }
        try {
            int value = Integer.parseInt(given.get(0));
            return value < min || value > max ? bounds : null;
        } catch (NumberFormatException e) {
            return bounds;
        }
    }

    private String domainsProblem(List<String> given) {
        if (given.size() > max) {
            return label + ": at most " + max + " domains.";
        }
        for (String domain : given) {
            if (!DOMAIN.matcher(domain.toLowerCase(Locale.ROOT)).matches()) {
                return label + ": \"" + domain + "\" is not a domain name (like mailinator.com).";
            }
        }
        return null;
    }
}
