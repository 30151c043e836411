package dev.kcpack.authenticators;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.mail.DeniedMailDomains;
import dev.kcpack.core.mail.MailAddresses;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.MailSending;
import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * Required action that sets up email OTP in the browser: the user confirms an address,
 * a code goes there, the code comes back. When this makes email OTP the first second
 * factor, the new recovery codes are shown once before the login goes on. The same
 * domain rules, cooldown and limiter as the REST API's setup apply.
 */
public final class ConfigureEmailOtpAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(ConfigureEmailOtpAction.class);
    static final String PAGE = "kcpack-configure-email-otp.ftl";
    static final String CODES_PAGE = "kcpack-recovery-codes-new.ftl";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // Asked for by an admin, by the user (Account Console) or by a flow; never forced here.
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(addressPage(context).createForm(PAGE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("acknowledged")) {
            context.success();
        } else if (form.containsKey("otp")) {
            activate(context, form.getFirst("otp"));
        } else {
            sendCode(context, form.getFirst("email"));
        }
    }

    private void sendCode(RequiredActionContext context, String email) {
        String address = email == null ? "" : email.trim();
        if (MailAddresses.problem(address).isPresent()) {
            context.challenge(addressPage(context).addError(new FormMessage("email", "invalidEmailMessage")).createForm(PAGE));
            return;
        }
        if (DeniedMailDomains.isDenied(context.getRealm(), address)) {
            context.challenge(addressPage(context).addError(new FormMessage("email", "kcpackEmailOtpDeniedDomain"))
                    .createForm(PAGE));
            return;
        }
        String language = context.getSession().getContext().resolveLocale(context.getUser()).getLanguage();
        MailSending sending;
        try {
            sending = factors(context).emailOtp().startSetup(address, new MailOptions(null, language));
        } catch (EmailException e) {
            LOG.warnf("Could not mail an email-OTP setup code: %s", e.getMessage());
            context.challenge(addressPage(context).addError(new FormMessage("email", "emailSendErrorMessage")).createForm(PAGE));
            return;
        }
        if (sending.status() == MailSending.Status.COOLDOWN) {
            context.challenge(addressPage(context).addError(new FormMessage("email", "kcpackEmailOtpResendWait",
                    sending.retryAfterSeconds())).createForm(PAGE));
            return;
        }
        context.challenge(codePage(context, address).createForm(PAGE));
    }

    private void activate(RequiredActionContext context, String code) {
        SecondFactors factors = factors(context);
        SecondFactors.Activation activation =
                factors.activate(Factor.EMAIL_OTP, () -> factors.emailOtp().activatePending(code == null ? "" : code.trim()));
        Verification result = activation.result();
        switch (result.outcome()) {
            case ACCEPTED -> {
                List<String> codes = activation.recoveryCodes();
                if (codes.isEmpty()) {
                    context.success();
                } else {
                    context.challenge(context.form().setAttribute("recoveryCodes", codes).createForm(CODES_PAGE));
                }
            }
            case REJECTED -> context.challenge(codePage(context, null)
                    .addError(new FormMessage("otp", "kcpackEmailOtpInvalid")).createForm(PAGE));
            case LOCKED -> context.challenge(codePage(context, null)
                    .addError(new FormMessage("otp", StepOutcomes.TOO_MANY_ATTEMPTS, result.retryAfterSeconds()))
                    .createForm(PAGE));
            case NOT_ACTIVE, CORRUPT -> context.challenge(addressPage(context)
                    .addError(new FormMessage("email", "kcpackEmailOtpSetupExpired")).createForm(PAGE));
        }
    }

    private static LoginFormsProvider addressPage(RequiredActionContext context) {
        String current = context.getUser().getEmail();
        return context.form().setAttribute("step", "address").setAttribute("email", current == null ? "" : current);
    }

    private static LoginFormsProvider codePage(RequiredActionContext context, String address) {
        return context.form().setAttribute("step", "code")
                .setAttribute("maskedEmail", address == null ? "" : MailAddresses.mask(address));
    }

    private static SecondFactors factors(RequiredActionContext context) {
        return new SecondFactors(context.getSession(), context.getRealm(), context.getUser());
    }

    @Override
    public void close() {
    }
}
