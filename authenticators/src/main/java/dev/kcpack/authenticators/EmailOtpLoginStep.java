package dev.kcpack.authenticators;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.emailotp.CodeLogin;
import dev.kcpack.core.emailotp.EmailOtpFactor;
import dev.kcpack.core.mail.MailAddresses;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.MailSending;
import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.twofactor.Factor;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.email.EmailException;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Browser-flow step that mails a code to the user's email-OTP address and asks for it.
 * The code goes out once when the step starts (a refresh or the back button does not
 * send another); "send a new code" honours the same cooldown as the REST API and says
 * how long is left. Codes, cooldown and limiter are the REST API's; wrong codes count
 * in Keycloak's brute-force detector.
 */
public final class EmailOtpLoginStep implements Authenticator {

    private static final Logger LOG = Logger.getLogger(EmailOtpLoginStep.class);
    static final String PAGE = "kcpack-email-otp.ftl";
    static final String CODE_FIELD = "otp";
    private static final String RESEND_FIELD = "resend";
    /** Auth-session note: the first code of this login went out (or was asked for). */
    private static final String SENT_NOTE = "kcpack.emailOtpSent";

    private final boolean anotherAddressOnly;

    /** The step of the login flows: every user with an active email code. */
    EmailOtpLoginStep() {
        this(false);
    }

    /**
     * @param anotherAddressOnly the step of the reset-credentials flow: only where the codes
     *                           go to an address other than the account's, which got the
     *                           reset link; a code to that same mailbox proves nothing more
     */
    EmailOtpLoginStep(boolean anotherAddressOnly) {
        this.anotherAddressOnly = anotherAddressOnly;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        EmailOtpFactor emailOtp = factor(context);
        if (!applies(emailOtp, context.getUser())) {
            context.attempted();
            return;
        }
        if (context.getAuthenticationSession().getAuthNote(SENT_NOTE) == null) {
            context.getAuthenticationSession().setAuthNote(SENT_NOTE, "true");
            MailSending.Status sent = send(context, emailOtp);
            if (sent == null) {
                return;
            }
            if (sent == MailSending.Status.COOLDOWN) {
                // Nothing went out now: say so, and how long until a new code may be asked for.
                context.challenge(page(context, emailOtp).setAttribute("codeSent", false).createForm(PAGE));
                return;
            }
        }
        context.challenge(page(context, emailOtp).createForm(PAGE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        EmailOtpFactor emailOtp = factor(context);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(RESEND_FIELD)) {
            long wait = emailOtp.secondsUntilNextMail();
            if (wait > 0) {
                context.challenge(page(context, emailOtp)
                        .addError(new FormMessage(CODE_FIELD, "kcpackEmailOtpResendWait", wait)).createForm(PAGE));
            } else if (send(context, emailOtp) == MailSending.Status.SENT) {
                context.challenge(page(context, emailOtp).setInfo("kcpackEmailOtpResent").createForm(PAGE));
            }
            return;
        }
        String code = form.getFirst(CODE_FIELD);
        StepOutcomes.tried(context, Factor.EMAIL_OTP);
        if (code == null || code.isBlank()) {
            context.challenge(page(context, emailOtp).addError(new FormMessage(CODE_FIELD, "kcpackEmailOtpMissing"))
                    .createForm(PAGE));
            return;
        }
        StepOutcomes.conclude(context, emailOtp.verify(code.trim(),
                CodeLogin.authenticationSession(context.getAuthenticationSession())), CODE_FIELD, "kcpackEmailOtpInvalid",
                message -> page(context, emailOtp).addError(message).createForm(PAGE), context::success);
    }

    /**
     * Sends a code in the login's language: {@code SENT}, {@code COOLDOWN} when another
     * mail went out too recently (nothing is sent), or null when the step could not go on.
     */
    private static MailSending.Status send(AuthenticationFlowContext context, EmailOtpFactor emailOtp) {
        String language = context.getSession().getContext().resolveLocale(context.getUser()).getLanguage();
        try {
            MailSending sending = emailOtp.sendChallenge(new MailOptions(null, language),
                    CodeLogin.authenticationSession(context.getAuthenticationSession()));
            if (sending.status() == MailSending.Status.NOT_ACTIVE) {
                context.attempted();
                return null;
            }
            if (sending.status() == MailSending.Status.COOLDOWN) {
                return sending.status();
            }
            context.getEvent().clone().event(org.keycloak.events.EventType.SEND_VERIFY_EMAIL)
                    .user(context.getUser()).detail(PackEvents.OPERATION, "email-otp/login-step").success();
            return sending.status();
        } catch (EmailException e) {
            LOG.warnf("Could not mail an email-OTP code: %s", e.getMessage());
            context.getEvent().user(context.getUser()).error(Errors.EMAIL_SEND_FAILED);
            context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR,
                    context.form().setError("emailSendErrorMessage").createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return null;
        }
    }

    private static LoginFormsProvider page(AuthenticationFlowContext context, EmailOtpFactor emailOtp) {
        return TrustedBrowser.offer(context, context.form())
                .setAttribute("maskedEmail", emailOtp.email().map(MailAddresses::mask).orElse(""))
                .setAttribute("resendWait", emailOtp.secondsUntilNextMail())
                .setAttribute("codeSent", true);
    }

    private static EmailOtpFactor factor(AuthenticationFlowContext context) {
        return new EmailOtpFactor(context.getSession(), context.getRealm(), context.getUser());
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return applies(new EmailOtpFactor(session, realm, user), user);
    }

    private boolean applies(EmailOtpFactor emailOtp, UserModel user) {
        if (!emailOtp.isActive()) {
            return false;
        }
        return !anotherAddressOnly || emailOtp.email()
                .map(address -> user.getEmail() == null || !address.equalsIgnoreCase(user.getEmail().trim()))
                .orElse(false);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
