package dev.kcpack.core.mail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.kcpack.core.support.PackMetrics;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RealmModelDelegate;
import org.keycloak.models.utils.UserModelDelegate;

/**
 * Sends the pack's mails through Keycloak's {@link EmailTemplateProvider} (the realm's
 * SMTP settings, the realm's email theme extended by the pack's templates). An origin
 * brings its branding; a language overrides the user's for this one mail.
 */
public final class PackMailer {

    static final String TEMPLATE = "kcpack-code.ftl";
    static final String NOTICE_TEMPLATE = "kcpack-security-notice.ftl";

    /** What the mail is for; names its message keys. */
    public enum Purpose {
        EMAIL_OTP_SETUP("emailOtpSetup"),
        EMAIL_OTP_CHALLENGE("emailOtpChallenge"),
        PASSWORD_RESET("passwordReset"),
        EMAIL_TRANSFER("emailTransfer");

        private final String key;

        Purpose(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public PackMailer(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The branding of {@code origin}; empty when the realm has no such origin. */
    public Optional<Map<String, String>> branding(String origin) {
        String realmName = realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                ? realm.getDisplayName() : realm.getName();
        Map<String, String> smtp = realm.getSmtpConfig();
        String sender = smtp == null ? null : smtp.get("fromDisplayName");
        String fallbackSender = sender != null ? sender : realmName;
        if (origin == null) {
            return Optional.of(new MailBrand("", realmName, fallbackSender, "", "").forTemplates(fallbackSender));
        }
        return MailBrands.find(realm, origin).map(brand -> brand.forTemplates(fallbackSender));
    }

    /** Mails {@code code} to {@code address}; the caller has checked the origin with {@link #branding}. */
    public void sendCode(UserModel user, String address, MailOptions options, Purpose purpose, String code)
            throws EmailException {
        Map<String, String> brand = brand(options);
        int minutes = Math.max(1, PackSettings.of(realm).emailCodeLifespan() / 60);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("minutes", minutes);
        attributes.put("purpose", purpose.key());
        attributes.put("brand", brand);
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        try {
            templates(addressedTo(user, address), options).send("kcpackCodeSubject_" + purpose.key(),
                    List.of(brand.get("brandName")), TEMPLATE, attributes);
        } catch (EmailException | RuntimeException e) {
            PackMetrics.mail(realm, "failed");
            throw e;
        }
        PackMetrics.mail(realm, "sent");
    }

    /** Tells {@code oldAddress} that the account's address changed to {@code newAddress}. */
    public void sendEmailChangedNotice(UserModel user, String oldAddress, String newAddress, MailOptions options)
            throws EmailException {
        Map<String, String> brand = brand(options);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("brand", brand);
        attributes.put("newEmail", newAddress);
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        templates(addressedTo(user, oldAddress), options).send("kcpackEmailChangedSubject",
                List.of(brand.get("brandName")), "kcpack-email-changed.ftl", attributes);
    }

    /**
     * A security notice as its template shows it: its kind (names the message keys), what it
     * names (a factor, a browser; null where nothing), when (in the user's language) and the
     * account page to look at if the change was not the user's; the sessions the change ended
     * (their device summaries; empty when none).
     */
    public record Notice(String kind, String what, String when, String accountPage, List<String> endedSessions) {
    }

    /** Mails {@code notice} to the user's address. */
    public void sendNotice(UserModel user, Notice notice, MailOptions options) throws EmailException {
        Map<String, String> brand = brand(options);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("brand", brand);
        attributes.put("notice", notice.kind());
        attributes.put("what", notice.what() == null ? "" : notice.what());
        attributes.put("when", notice.when());
        attributes.put("accountPage", notice.accountPage());
        attributes.put("endedSessions", notice.endedSessions());
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        templates(user, options).send("kcpackNoticeSubject_" + notice.kind(),
                List.of(brand.get("brandName")), NOTICE_TEMPLATE, attributes);
    }

    /**
     * Keycloak's email templates, set up for one mail to {@code user}: the origin's sender
     * name, the requested language. For Keycloak's own mails (the password-reset link).
     */
    public EmailTemplateProvider templates(UserModel user, MailOptions options) throws EmailException {
        return session.getProvider(EmailTemplateProvider.class)
                .setRealm(withSender(brand(options).get("senderName")))
                .setUser(withLanguage(user, options.language()))
                .setAttribute(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
    }

    private Map<String, String> brand(MailOptions options) throws EmailException {
        return branding(options.origin())
                .orElseThrow(() -> new EmailException("unknown mail origin " + options.origin()));
    }

    /** The realm as the mail sender sees it: the origin's sender name in the From header. */
    private RealmModel withSender(String senderName) {
        return new RealmModelDelegate(realm) {
            @Override
            public Map<String, String> getSmtpConfig() {
                Map<String, String> config = new HashMap<>(super.getSmtpConfig());
                config.put("fromDisplayName", senderName);
                return config;
            }
        };
    }

    /**
     * The user as Keycloak's mail sender sees it: with {@code address} as the address. Keycloak
     * sends a template to the user's address; a send to another address exists only from 26.7
     * on (see {@code compat.KeycloakApi}), so this works the same on every supported version.
     */
    private static UserModel addressedTo(UserModel user, String address) {
        return new UserModelDelegate(user) {
            @Override
            public String getEmail() {
                return address;
            }
        };
    }

    /** The user as the locale resolver sees it: the requested language as the user's own. */
    private static UserModel withLanguage(UserModel user, String language) {
        if (language == null) {
            return user;
        }
        return new UserModelDelegate(user) {
            @Override
            public String getFirstAttribute(String name) {
                return UserModel.LOCALE.equals(name) ? language : super.getFirstAttribute(name);
            }

            @Override
            public Stream<String> getAttributeStream(String name) {
                return UserModel.LOCALE.equals(name) ? Stream.of(language) : super.getAttributeStream(name);
            }
        };
    }
}
