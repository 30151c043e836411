package dev.kcpack.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.keycloak.authentication.actiontoken.execactions.ExecuteActionsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Password reset for someone who knows only an address: a mailed code (or Keycloak's
 * own reset link). An address that belongs to nobody gets the same answer, after the
 * same work, and no mail, so the API does not tell which addresses have accounts.
 * One mail per address per cooldown, whether the address is known or not.
 */
public final class PasswordReset {

    /** What came of a request for a mail. */
    public enum Request { SENT_OR_SILENT, COOLDOWN }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EmailedCodes codes;
    private final MailCooldown cooldown;
    private final PackMailer mailer;

    public PasswordReset(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.codes = new EmailedCodes(session, realm);
        this.cooldown = new MailCooldown(session, realm);
        this.mailer = new PackMailer(session, realm);
    }

    public long secondsUntilNextMail(String email) {
        return cooldown.secondsLeft(cooldownKey(email));
    }

    /** #15: mails a reset code to the account of {@code email}, if there is one. */
    public Request sendCode(String email, MailOptions options) throws EmailException {
        if (secondsUntilNextMail(email) > 0) {
            return Request.COOLDOWN;
        }
        cooldown.start(cooldownKey(email));
        Optional<UserModel> user = user(email);
        // The code is drawn and hashed either way, so both answers cost the same work.
        String code = codes.issue(codeKey(user.map(UserModel::getId).orElse("nobody")), Map.of());
        if (user.isEmpty()) {
            codes.discard(codeKey("nobody"));
            return Request.SENT_OR_SILENT;
        }
        mailer.sendCode(user.get(), user.get().getEmail(), options, PackMailer.Purpose.PASSWORD_RESET, code);
        return Request.SENT_OR_SILENT;
    }

    /** #9: mails Keycloak's own reset link (update-password action token) to the account of {@code email}. */
    public Request sendLink(String email, MailOptions options) throws EmailException {
        if (secondsUntilNextMail(email) > 0) {
            return Request.COOLDOWN;
        }
        cooldown.start(cooldownKey(email));
        Optional<UserModel> user = user(email);
        if (user.isEmpty()) {
            return Request.SENT_OR_SILENT;
        }
        int lifespan = realm.getActionTokenGeneratedByUserLifespan();
        List<String> actions = List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name());
        ExecuteActionsActionToken token = new ExecuteActionsActionToken(user.get().getId(), user.get().getEmail(),
                Time.currentTime() + lifespan, actions, null, null);
        String link = LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", token.serialize(session, realm, session.getContext().getUri()))
                .build(realm.getName()).toString();
        mailer.templates(user.get(), options)
                .setAttribute(Constants.TEMPLATE_ATTR_REQUIRED_ACTIONS, actions)
                .sendPasswordReset(link, TimeUnit.SECONDS.toMinutes(lifespan));
        return Request.SENT_OR_SILENT;
    }

    /** The user whose reset code {@code code} is, without using it up; empty when it is not one. */
    public Optional<UserModel> check(String email, String code) {
        return verified(email, code, false);
    }

    /** Uses up the code and returns its user; empty when it is not a live code of that address. */
    public Optional<UserModel> consume(String email, String code) {
        return verified(email, code, true);
    }

    private Optional<UserModel> verified(String email, String code, boolean consume) {
        Optional<UserModel> user = user(email);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        EmailedCodes.Result result = codes.check(codeKey(user.get().getId()), code, consume);
        return result.check() == EmailedCodes.Check.ACCEPTED ? user : Optional.empty();
    }

    private Optional<UserModel> user(String email) {
        UserModel user = session.users().getUserByEmail(realm, email);
        return Optional.ofNullable(user).filter(UserModel::isEnabled);
    }

    private String codeKey(String userId) {
        return "kcpack.pwreset.code." + realm.getId() + "." + userId;
    }

    private String cooldownKey(String email) {
        return "kcpack.cooldown.pwreset." + realm.getId() + "." + email.toLowerCase(Locale.ROOT);
    }
}
