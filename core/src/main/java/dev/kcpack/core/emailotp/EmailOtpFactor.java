package dev.kcpack.core.emailotp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kcpack.core.support.CredentialJson;
import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.mail.EmailedCodes;
import dev.kcpack.core.mail.MailCooldown;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.MailSending;
import dev.kcpack.core.mail.PackMailer;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * One-time codes sent by mail as a second factor. The active address is a credential
 * of its own type; a new address is pending until a code sent to it comes back. All
 * mails of one user share one cooldown, and wrong codes count in the factor's limiter.
 */
public final class EmailOtpFactor {

    public static final String CREDENTIAL_TYPE = "kcpack-email-otp";
    private static final String EMAIL = "email";

    /** The credential's data: the address codes go to. */
    record Address(@JsonProperty("email") String email) {
    }

    private final RealmModel realm;
    private final UserModel user;
    private final EmailedCodes codes;
    private final MailCooldown cooldown;
    private final PackMailer mailer;
    private final AttemptGate gate;

    public EmailOtpFactor(KeycloakSession session, RealmModel realm, UserModel user) {
        this.realm = realm;
        this.user = user;
        this.codes = new EmailedCodes(session, realm);
        this.cooldown = new MailCooldown(session, realm);
        this.mailer = new PackMailer(session, realm);
        this.gate = AttemptGate.of(session, realm, user, Door.EMAIL_OTP);
    }

    public boolean isActive() {
        return stored().isPresent();
    }

    /** The address codes go to, while email OTP is active. */
    public Optional<String> email() {
        return stored().map(c -> read(c.getCredentialData()).email());
    }

    public Optional<Instant> completedAt() {
        return stored().map(CredentialModel::getCreatedDate).map(Instant::ofEpochMilli);
    }

    public AttemptGate gate() {
        return gate;
    }

    public long secondsUntilNextMail() {
        return cooldown.secondsLeft(cooldownKey());
    }

    /** Sends a code to {@code email}, which becomes pending until {@link #activatePending}. */
    public MailSending startSetup(String email, MailOptions options) throws EmailException {
        return send(setupKey(), Map.of(EMAIL, email), email, options, PackMailer.Purpose.EMAIL_OTP_SETUP);
    }

    public Verification activatePending(String code) {
        if (codes.pending(setupKey()).isEmpty()) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        return gate.check(() -> {
            EmailedCodes.Result result = codes.check(setupKey(), code, true);
            if (result.check() == EmailedCodes.Check.NONE) {
                return Verification.of(Verification.Outcome.NOT_ACTIVE);
            }
            if (result.check() != EmailedCodes.Check.ACCEPTED) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            remove();
            CredentialModel credential = new CredentialModel();
            credential.setType(CREDENTIAL_TYPE);
            credential.setUserLabel(result.payload().get(EMAIL));
            credential.setCreatedDate(Time.currentTimeMillis());
            credential.setCredentialData(write(new Address(result.payload().get(EMAIL))));
            credential.setSecretData("{}");
            user.credentialManager().createStoredCredential(credential);
            return Verification.of(Verification.Outcome.ACCEPTED);
        });
    }

    /** Sends a code to the active address for {@code login}, replacing the code of that login only, for {@link #verify}. */
    public MailSending sendChallenge(MailOptions options, CodeLogin login) throws EmailException {
        Optional<String> email = email();
        if (email.isEmpty()) {
            return MailSending.notActive();
        }
        return send(challengeKey(login), Map.of(), email.get(), options, PackMailer.Purpose.EMAIL_OTP_CHALLENGE);
    }

    /** Checks a code mailed for {@code login}; a code mailed for any other login is wrong here (and counted so). */
    public Verification verify(String code, CodeLogin login) {
        if (!isActive()) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        return gate.check(() -> codes.check(challengeKey(login), code, true).check() == EmailedCodes.Check.ACCEPTED
                ? Verification.of(Verification.Outcome.ACCEPTED)
                : Verification.of(Verification.Outcome.REJECTED));
    }

    /** Removes email OTP; returns false when it was not active. */
    public boolean remove() {
        List<String> ids = user.credentialManager().getStoredCredentialsByTypeStream(CREDENTIAL_TYPE)
                .map(CredentialModel::getId).toList();
        // Codes mailed for logins in progress stay until they expire, void: verify asks for an active factor.
        ids.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        return !ids.isEmpty();
    }

    private MailSending send(String codeKey, Map<String, String> payload, String address, MailOptions options,
                             PackMailer.Purpose purpose) throws EmailException {
        if (!cooldown.take(cooldownKey())) {
            return MailSending.cooldown(cooldown.secondsLeft(cooldownKey()));
        }
        String code = codes.issue(codeKey, payload);
        try {
            mailer.sendCode(user, address, options, purpose, code);
        } catch (EmailException e) {
            codes.discard(codeKey);
            cooldown.giveBack(cooldownKey());
            throw e;
        }
        return MailSending.sent();
    }

    private Optional<CredentialModel> stored() {
        return user.credentialManager().getStoredCredentialsByTypeStream(CREDENTIAL_TYPE).findFirst();
    }

    private String setupKey() {
        return "kcpack.emailotp.setup." + realm.getId() + "." + user.getId();
    }

    private String challengeKey(CodeLogin login) {
        return "kcpack.emailotp.challenge." + realm.getId() + "." + user.getId() + "." + login.id();
    }

    private String cooldownKey() {
        return "kcpack.cooldown.emailotp." + realm.getId() + "." + user.getId();
    }

    private static String write(Address address) {
        return CredentialJson.write(address);
    }

    private static Address read(String json) {
        return CredentialJson.read(json, Address.class, "email-OTP");
    }
}
