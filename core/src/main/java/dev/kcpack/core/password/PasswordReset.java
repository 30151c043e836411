package dev.kcpack.core.password;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.notice.SecurityNotice;
import dev.kcpack.core.notice.SecurityNotices;
import dev.kcpack.core.sessions.UserSessions;
import dev.kcpack.core.mail.EmailedCodes;
import dev.kcpack.core.mail.MailCooldown;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.PackMailer;
import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.token.TokenRevocation;
import org.jboss.logging.Logger;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Password reset for someone who knows only an address: a mailed code (or Keycloak's
 * own reset link). An address that belongs to nobody gets the same answer, after the
 * same work, and no mail, so the API does not tell which addresses have accounts: the
 * mail itself goes out after the answer, from Keycloak's executor in a session of its
 * own, so the SMTP round trip does not show in the response time either.
 * One mail per address per cooldown, whether the address is known or not.
 */
public final class PasswordReset {

    private static final Logger LOG = Logger.getLogger(PasswordReset.class);
    private static final String MAIL_EXECUTOR = "kcpack-mail";
    /** Stands for the account of an unknown address in a code key that is never written. */
    private static final String NOBODY = "nobody";

    /** What came of a request for a mail. */
    public enum Request { SENT_OR_SILENT, COOLDOWN }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EmailedCodes codes;
    private final MailCooldown cooldown;

    public PasswordReset(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.codes = new EmailedCodes(session, realm);
        this.cooldown = new MailCooldown(session, realm);
    }

    public long secondsUntilNextMail(String email) {
        return cooldown.secondsLeft(cooldownKey(email));
    }

    /** #15: mails a reset code to the account of {@code email}, if there is one. */
    public Request sendCode(String email, MailOptions options) {
        return padded(() -> sendCodeNow(email, options));
    }

    /** #9: mails Keycloak's own reset link (update-password action token) to the account of {@code email}. */
    public Request sendLink(String email, MailOptions options) {
        return padded(() -> sendLinkNow(email, options));
    }

    private Request padded(java.util.function.Supplier<Request> request) {
        return padded(PackSettings.of(realm).resetAnswerFloorMillis(), request);
    }

    private <T> T padded(int floorMillis, java.util.function.Supplier<T> request) {
        long started = System.nanoTime();
        try {
            return request.get();
        } finally {
            takeAtLeastTheFloor(floorMillis, started);
        }
    }

    /**
     * Pads the answer to the realm's floor. The mail already leaves after the answer; what
     * is left to hide is the lookup and the mail job's share of the CPU. A code check
     * hashes once either way; what is left there is the account's lookup and the per-code
     * try count that only a live code has.
     */
    private void takeAtLeastTheFloor(int floorMillis, long startedNanos) {
        long left = floorMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Request sendCodeNow(String email, MailOptions options) {
        if (!cooldown.take(cooldownKey(email))) {
            return Request.COOLDOWN;
        }
        Optional<UserModel> user = user(email);
        if (user.isEmpty()) {
            // The same work as for an account: a code drawn and hashed, but kept nowhere.
            codes.draw();
            return Request.SENT_OR_SILENT;
        }
        String code = codes.issue(codeKey(user.get().getId()), Map.of());
        mailAfterAnswer(user.get().getId(), (mailer, recipient) ->
                mailer.sendCode(recipient, recipient.getEmail(), options, PackMailer.Purpose.PASSWORD_RESET, code));
        return Request.SENT_OR_SILENT;
    }

    private Request sendLinkNow(String email, MailOptions options) {
        if (!cooldown.take(cooldownKey(email))) {
            return Request.COOLDOWN;
        }
        Optional<UserModel> user = user(email);
        if (user.isEmpty()) {
            return Request.SENT_OR_SILENT;
        }
        int lifespan = realm.getActionTokenGeneratedByUserLifespan();
        // Keycloak's own "Forgot password?" link: it enters the realm's reset-credentials flow,
        // where a user with a second factor must pass one the mailbox does not give (#23). It
        // ends on Keycloak's "account updated" page, signed in nowhere: the link may be opened
        // in any browser, and a login is the app's to start.
        ResetCredentialsActionToken token = new ResetCredentialsActionToken(user.get().getId(), user.get().getEmail(),
                Time.currentTime() + lifespan, null, null);
        String link = LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", token.serialize(session, realm, session.getContext().getUri()))
                .build(realm.getName()).toString();
        mailAfterAnswer(user.get().getId(), (mailer, recipient) -> mailer.templates(recipient, options)
                .sendPasswordReset(link, TimeUnit.SECONDS.toMinutes(lifespan)));
        return Request.SENT_OR_SILENT;
    }

    /** One mail, sent in its own session once this request's work is done. */
    private interface Mail {
        void send(PackMailer mailer, UserModel recipient) throws EmailException;
    }

    private void mailAfterAnswer(String userId, Mail mail) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(MAIL_EXECUTOR);
        executor.execute(() -> {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, mailSession -> {
                    RealmModel mailRealm = mailSession.realms().getRealm(realmId);
                    mailSession.getContext().setRealm(mailRealm);
                    UserModel recipient = mailSession.users().getUserById(mailRealm, userId);
                    if (recipient == null) {
                        return;
                    }
                    try {
                        mail.send(new PackMailer(mailSession, mailRealm), recipient);
                    } catch (EmailException e) {
                        LOG.warnf("Could not send a password-reset mail: %s", e.getMessage());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not send a password-reset mail");
            }
        });
    }

    /** #19: whether {@code code} is the live reset code of {@code email}, without using it up. */
    public Verification check(String email, String code) {
        return padded(PackSettings.of(realm).codeCheckFloorMillis(), () -> {
            Optional<UserModel> user = user(email);
            return gate(email).check(() -> codeOutcome(user, code, false));
        });
    }

    /**
     * #17: sets a new password with the reset code of {@code email}; the code is used up
     * and every session of the user ends. The realm's password policy is checked before
     * the code is spent, so a refused password leaves the code live.
     */
    public PasswordUpdate resetPassword(String email, String code, String newPassword) {
        return padded(PackSettings.of(realm).codeCheckFloorMillis(), () -> resetPasswordNow(email, code, newPassword));
    }

    private PasswordUpdate resetPasswordNow(String email, String code, String newPassword) {
        Optional<UserModel> user = user(email);
        PasswordUpdate[] refused = {null};
        Verification result = gate(email).check(() -> {
            Verification right = codeOutcome(user, code, false);
            if (!right.accepted()) {
                return right;
            }
            Optional<String> violation = PasswordRules.realmPolicyViolation(session, realm, user.get(), newPassword);
            if (violation.isPresent()) {
                refused[0] = PasswordUpdate.refusedByPolicy(violation.get());
                return Verification.of(Verification.Outcome.NOT_ACTIVE);
            }
            return codeOutcome(user, code, true);
        });
        if (refused[0] != null) {
            return refused[0];
        }
        if (!result.accepted()) {
            return PasswordUpdate.of(result);
        }
        user.get().credentialManager().updateCredential(UserCredentialModel.password(newPassword, false));
        // Every session, offline ones too: whoever knew the old password is out.
        new UserSessions(session, realm, user.get()).endAllBut(null, "password/otp");
        TokenRevocation.revokeAll(user.get());
        new SecurityNotices(session, realm).tell(user.get(), SecurityNotice.PASSWORD_RESET, null);
        return PasswordUpdate.done(user.get());
    }

    /** One hash whatever the address, so the answer's time does not tell whether it has an account. */
    private Verification codeOutcome(Optional<UserModel> user, String code, boolean consume) {
        EmailedCodes.Result result = codes.check(codeKey(user.map(UserModel::getId).orElse(NOBODY)), code, consume);
        return Verification.of(result.check() == EmailedCodes.Check.ACCEPTED && user.isPresent()
                ? Verification.Outcome.ACCEPTED : Verification.Outcome.REJECTED);
    }

    /** Guesses are counted per address, known or not, so both behave the same to a caller. */
    private AttemptGate gate(String email) {
        return new AttemptGate(session, realm, Door.PASSWORD_RESET_CODE, email.toLowerCase(Locale.ROOT));
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
