package dev.kcpack.core.notice;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import dev.kcpack.core.mail.MailBrands;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.PackMailer;
import dev.kcpack.core.sessions.UserSessions;
import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.support.AfterTransaction;
import dev.kcpack.core.support.PackMetrics;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Tells a user by mail that their account's security changed: the one way every door (the
 * REST API, the login steps, Keycloak's own pages through {@code doors.KeycloakDoors}) sends
 * a {@link SecurityNotice}.
 *
 * <p>The mail goes out only once the change has committed (a change that rolls back was
 * none), in a transaction of its own, so a notice that cannot be sent never undoes or fails
 * the change: it is logged and counted ({@code kcpack.notices}, result {@code failed}). One
 * request tells a user of one kind of change once, however many of Keycloak's events say it
 * (Keycloak raises {@code UPDATE_PASSWORD} and {@code UPDATE_CREDENTIAL} for one new
 * password). A notice holds no secret, no code and no link that acts on the account: what
 * changed, when, and where to look if it was not them (the realm's account page).
 */
public final class SecurityNotices {

    private static final Logger LOG = Logger.getLogger(SecurityNotices.class);
    private static final String ORIGIN_PARAMETER = "origin";

    private final KeycloakSession session;
    private final RealmModel realm;

    public SecurityNotices(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Mails {@code notice} to {@code user} after this request commits, if the realm has that
     * kind on and the user has a verified address. {@code what}: the factor's name or the
     * browser's summary where the kind names one, else null.
     */
    public void tell(UserModel user, SecurityNotice notice, String what) {
        if (!PackSettings.of(realm).notifies(notice.setting())) {
            return;
        }
        if (user.getEmail() == null || !user.isEmailVerified()) {
            // An unverified address may be anyone's: as Keycloak's own notices, none goes there.
            PackMetrics.notice(realm, notice.key(), "no_address");
            return;
        }
        String once = "kcpack.notice." + notice.key() + "." + user.getId();
        if (session.getAttribute(once) != null) {
            return;
        }
        session.setAttribute(once, Boolean.TRUE);
        Locale locale = language(user);
        MailOptions options = new MailOptions(brandOrigin(), locale.getLanguage());
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).format(Instant.now().atZone(ZoneOffset.UTC)) + " UTC";
        String accountPage = accountPage();
        String userId = user.getId();
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        HttpRequest request = session.getContext().getHttpRequest();
        // What the request ended is read once it is over: the change may end sessions after telling.
        AfterTransaction.onCommit(session, () -> send(factory, request, realmId, userId,
                new PackMailer.Notice(notice.key(), what, when, accountPage,
                        UserSessions.endedInThisRequest(session, user).summaries()), options));
    }

    private void send(KeycloakSessionFactory factory, HttpRequest request, String realmId, String userId,
                      PackMailer.Notice notice, MailOptions options) {
        mail(factory, request, userId, notice.kind(), (mailer, user) -> mailer.sendNotice(user, notice, options));
    }

    /** One mail to a user's address (or about it), in a transaction of its own; counted and, on failure, logged. */
    private void mail(KeycloakSessionFactory factory, HttpRequest request, String userId, String kind, Mail mail) {
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, mailing -> {
                KeycloakContext context = mailing.getContext();
                RealmModel mailRealm = mailing.realms().getRealm(realmId);
                context.setRealm(mailRealm);
                // Keycloak's templates build their links from the request, as its own notices do.
                context.setHttpRequest(request);
                UserModel user = mailing.users().getUserById(mailRealm, userId);
                if (user == null) {
                    return;
                }
                try {
                    mail.send(new PackMailer(mailing, mailRealm), user);
                } catch (EmailException e) {
                    throw new NoticeNotSent(e);
                }
            });
            PackMetrics.notice(realm, kind, "sent");
        } catch (RuntimeException e) {
            Throwable cause = e instanceof NoticeNotSent ? e.getCause() : e;
            LOG.warnf("realm %s: the %s notice to user %s could not be sent (the change stands): %s",
                    realm.getName(), kind, userId, cause.getMessage());
            PackMetrics.notice(realm, kind, "failed");
        }
    }

    @FunctionalInterface
    private interface Mail {
        void send(PackMailer mailer, UserModel user) throws EmailException;
    }

    /**
     * The brand of the request: the {@code origin} parameter the pack's mail calls take, else the
     * browser's {@code Origin} header, where the realm has a brand for it; else the realm's own.
     */
    private String brandOrigin() {
        KeycloakContext context = session.getContext();
        if (context.getHttpRequest() == null) {
            return null;
        }
        String parameter = context.getUri().getQueryParameters().getFirst(ORIGIN_PARAMETER);
        if (parameter != null && MailBrands.find(realm, parameter).isPresent()) {
            return parameter;
        }
        String header = context.getRequestHeaders() == null ? null : context.getRequestHeaders().getHeaderString("Origin");
        return header != null && MailBrands.find(realm, header).isPresent() ? header : null;
    }

    /**
     * Tells {@code oldAddress} after this request commits that the account's address is now
     * {@code newAddress}, so that whoever owned the account hears of it where they still read
     * mail. Once per request; {@code options} null: the request's brand and the user's language.
     */
    public void tellOldAddress(UserModel user, String oldAddress, String newAddress, MailOptions options) {
        String once = "kcpack.notice.emailChanged." + user.getId();
        if (oldAddress == null || session.getAttribute(once) != null) {
            return;
        }
        session.setAttribute(once, Boolean.TRUE);
        MailOptions mail = options != null ? options : new MailOptions(brandOrigin(), language(user).getLanguage());
        String userId = user.getId();
        AfterTransaction.onCommit(session, () -> mail(session.getKeycloakSessionFactory(),
                session.getContext().getHttpRequest(), userId, "emailChanged",
                (mailer, mailUser) -> mailer.sendEmailChangedNotice(mailUser, oldAddress, newAddress, mail)));
    }

    /** The user's language where the realm offers it, else the realm's default: never the browser's of whoever made the change. */
    private Locale language(UserModel user) {
        String chosen = user.getFirstAttribute(UserModel.LOCALE);
        if (chosen != null && realm.isInternationalizationEnabled()
                && realm.getSupportedLocalesStream().anyMatch(chosen::equals)) {
            return Locale.forLanguageTag(chosen);
        }
        String fallback = realm.getDefaultLocale();
        return Locale.forLanguageTag(fallback == null || fallback.isBlank() ? "en" : fallback);
    }

    /** The realm's account page, as the request reached the server; a change made outside a request names its path alone. */
    private String accountPage() {
        try {
            return session.getContext().getUri().getBaseUriBuilder()
                    .path("realms").path(realm.getName()).path("account").build().toString();
        } catch (RuntimeException noRequest) {
            return "/realms/" + realm.getName() + "/account";
        }
    }

    /** Carries a send failure out of the mail's own transaction. */
    private static final class NoticeNotSent extends RuntimeException {
        NoticeNotSent(EmailException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
