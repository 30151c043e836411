package dev.kcpack.core;

import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Moving an account to a new email address: a code goes to the new address, and the
 * address changes only when that code comes back. The old address is told afterwards.
 */
public final class EmailTransfer {

    private static final String NEW_EMAIL = "email";

    /** What came of completing a transfer. */
    public enum Completion { DONE, INVALID_CODE, ADDRESS_TAKEN }

    /** The outcome, with the address the account had before when it is {@code DONE}. */
    public record Result(Completion completion, String oldEmail) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final EmailedCodes codes;
    private final MailCooldown cooldown;
    private final PackMailer mailer;

    public EmailTransfer(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.codes = new EmailedCodes(session, realm);
        this.cooldown = new MailCooldown(session, realm);
        this.mailer = new PackMailer(session, realm);
    }

    /** Whether another account already uses {@code email}. */
    public boolean takenByAnother(String email) {
        UserModel owner = session.users().getUserByEmail(realm, email);
        if (owner != null && !owner.getId().equals(user.getId())) {
            return true;
        }
        if (realm.isRegistrationEmailAsUsername()) {
            UserModel byName = session.users().getUserByUsername(realm, email);
            return byName != null && !byName.getId().equals(user.getId());
        }
        return false;
    }

    public long secondsUntilNextMail() {
        return cooldown.secondsLeft(cooldownKey());
    }

    /** #6: mails a code to the new address. */
    public MailSending start(String newEmail, MailOptions options) throws EmailException {
        long wait = secondsUntilNextMail();
        if (wait > 0) {
            return MailSending.cooldown(wait);
        }
        String code = codes.issue(codeKey(), Map.of(NEW_EMAIL, newEmail));
        try {
            mailer.sendCode(user, newEmail, options, PackMailer.Purpose.EMAIL_TRANSFER, code);
        } catch (EmailException e) {
            codes.discard(codeKey());
            throw e;
        }
        cooldown.start(cooldownKey());
        return MailSending.sent();
    }

    /** #10: the code came back: the new address replaces the old one. */
    public Result complete(String code) {
        EmailedCodes.Result result = codes.check(codeKey(), code, false);
        if (result.check() != EmailedCodes.Check.ACCEPTED) {
            return new Result(Completion.INVALID_CODE, null);
        }
        String newEmail = result.payload().get(NEW_EMAIL);
        if (takenByAnother(newEmail)) {
            return new Result(Completion.ADDRESS_TAKEN, null);
        }
        codes.discard(codeKey());
        String oldEmail = user.getEmail();
        user.setEmail(newEmail);
        user.setEmailVerified(true);
        if (realm.isRegistrationEmailAsUsername()) {
            user.setUsername(newEmail);
        }
        return new Result(Completion.DONE, oldEmail);
    }

    private String codeKey() {
        return "kcpack.transfer.code." + realm.getId() + "." + user.getId();
    }

    private String cooldownKey() {
        return "kcpack.cooldown.transfer." + realm.getId() + "." + user.getId();
    }
}
