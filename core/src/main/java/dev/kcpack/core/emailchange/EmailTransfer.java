package dev.kcpack.core.emailchange;

import java.util.Map;

import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.mail.EmailedCodes;
import dev.kcpack.core.mail.MailCooldown;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.PackMailer;
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
    public enum Completion { DONE, INVALID_CODE, ADDRESS_TAKEN, LOCKED }

    /** The outcome, with the address the account had before when it is {@code DONE}. */
    public record Result(Completion completion, String oldEmail, long retryAfterSeconds) {
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

    /** What came of asking to move to a new address. */
    public enum Start { SENT, COOLDOWN, ADDRESS_TAKEN }

    public record Started(Start outcome, long retryAfterSeconds) {
    }

    /**
     * #6: mails a code to the new address. Every request takes the user's transfer cooldown
     * first, whatever comes of it (#21): "this address has an account" is an answer too, so
     * a user learns at most one such answer per cooldown.
     */
    public Started start(String newEmail, MailOptions options) throws EmailException {
        if (!cooldown.take(cooldownKey())) {
            return new Started(Start.COOLDOWN, cooldown.secondsLeft(cooldownKey()));
        }
        if (takenByAnother(newEmail)) {
            return new Started(Start.ADDRESS_TAKEN, 0);
        }
        String code = codes.issue(codeKey(), Map.of(NEW_EMAIL, newEmail));
        try {
            mailer.sendCode(user, newEmail, options, PackMailer.Purpose.EMAIL_TRANSFER, code);
        } catch (EmailException e) {
            // The server's fault, not an answer to the user: the cooldown is given back.
            codes.discard(codeKey());
            cooldown.giveBack(cooldownKey());
            throw e;
        }
        return new Started(Start.SENT, 0);
    }

    /** #10: the code came back: the new address replaces the old one. */
    public Result complete(String code) {
        Result[] done = {null};
        Verification proof = AttemptGate.of(session, realm, user, Door.EMAIL_TRANSFER_CODE).check(() -> {
            EmailedCodes.Result result = codes.check(codeKey(), code, false);
            if (result.check() != EmailedCodes.Check.ACCEPTED) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            String newEmail = result.payload().get(NEW_EMAIL);
            if (takenByAnother(newEmail)) {
                done[0] = new Result(Completion.ADDRESS_TAKEN, null, 0);
                return Verification.of(Verification.Outcome.NOT_ACTIVE);
            }
            if (codes.check(codeKey(), code, true).check() != EmailedCodes.Check.ACCEPTED) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            String oldEmail = user.getEmail();
            user.setEmail(newEmail);
            user.setEmailVerified(true);
            if (realm.isRegistrationEmailAsUsername()) {
                user.setUsername(newEmail);
            }
            done[0] = new Result(Completion.DONE, oldEmail, 0);
            return Verification.of(Verification.Outcome.ACCEPTED);
        });
        if (done[0] != null) {
            return done[0];
        }
        return proof.outcome() == Verification.Outcome.LOCKED
                ? new Result(Completion.LOCKED, null, proof.retryAfterSeconds())
                : new Result(Completion.INVALID_CODE, null, 0);
    }

    private String codeKey() {
        return "kcpack.transfer.code." + realm.getId() + "." + user.getId();
    }

    private String cooldownKey() {
        return "kcpack.cooldown.transfer." + realm.getId() + "." + user.getId();
    }
}
