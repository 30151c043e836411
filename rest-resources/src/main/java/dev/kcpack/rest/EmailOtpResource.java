package dev.kcpack.rest;

import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.emailotp.EmailOtpFactor;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.MailSending;
import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/** {@code /user/2fa/email-otp}: one-time codes by mail (operations #1, #4, #5, #8, #12, #20). */
public final class EmailOtpResource {

    private static final Logger LOG = Logger.getLogger(EmailOtpResource.class);
    private static final String OTP = "otp";

    private final KeycloakSession session;
    private final BearerAuth auth;
    private final ApiEvents events;

    EmailOtpResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
        this.events = new ApiEvents(session);
    }

    /** #4: mails a code to a new address, which stays pending until {@code enable}. */
    @POST
    @Path("setup")
    public Response setupEmailOtp(String body) {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        String email = RequestBodies.email(RequestBodies.object(body), "email");
        MailParams.refuseDeniedProvider(session, email);
        MailOptions mail = MailParams.read(session);
        MailSending sending = mailed(() -> factors(caller).emailOtp().startSetup(email, mail));
        events.event(EventType.SEND_VERIFY_EMAIL, caller, "email-otp/setup").detail(Details.EMAIL, email).success();
        return answer(sending);
    }

    /** #1: activates the pending address; the first second factor brings recovery codes. */
    @POST
    @Path("enable")
    public Response activateEmailOtp(String body) {
        Caller caller = auth.forGuess().requireAccessToken();
        JsonNode json = RequestBodies.object(body);
        String code = RequestBodies.sixDigitCode(json, OTP);
        boolean keepOtherSessions = OtherSessions.kept(json);
        SecondFactors factors = factors(caller);
        SecondFactors.Activation activation = factors.activate(Factor.EMAIL_OTP, () -> factors.emailOtp().activatePending(code));
        if (!activation.result().accepted()) {
            events.event(EventType.UPDATE_CREDENTIAL_ERROR, caller, "email-otp/enable")
                    .detail(Details.CREDENTIAL_TYPE, EmailOtpFactor.CREDENTIAL_TYPE)
                    .error(FactorErrors.eventError(activation.result()));
            throw FactorErrors.EMAIL_OTP_SETUP.failure(activation.result());
        }
        events.event(EventType.UPDATE_CREDENTIAL, caller, "email-otp/enable")
                .detail(Details.CREDENTIAL_TYPE, EmailOtpFactor.CREDENTIAL_TYPE).success();
        OtherSessions.endUnlessKept(session, caller, keepOtherSessions, "email-otp/enable");
        return ApiResponses.ok(Map.of("recoveryCodes", activation.recoveryCodes()));
    }

    /** #5: mails a code to the active address. */
    @POST
    @Path("challenge")
    public Response challengeEmailOtp(String body) {
        Caller caller = auth.requireAccessOrPartialToken();
        RequestBodies.object(body);
        EmailOtpFactor emailOtp = factors(caller).emailOtp();
        if (!emailOtp.isActive()) {
            throw ApiException.conflict(ApiErrorCodes.EMAIL_OTP_UNINITIALIZED);
        }
        MailOptions mail = MailParams.read(session);
        MailSending sending = mailed(() -> emailOtp.sendChallenge(mail, caller.codeLogin()));
        events.event(EventType.SEND_VERIFY_EMAIL, caller, "email-otp/challenge").success();
        return answer(sending);
    }

    /** #20: checks a mailed code; a sudo token, or the tokens of a two-step login. */
    @POST
    @Path("authenticate")
    public Response completeEmailOtpChallenge(String body) {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        String code = RequestBodies.sixDigitCode(RequestBodies.object(body), OTP);
        return new SecondFactorCheck(session).answer(caller, () -> factors(caller).emailOtp().verify(code, caller.codeLogin()),
                FactorErrors.EMAIL_OTP, Factor.EMAIL_OTP, "email-otp/authenticate");
    }

    /** #8: seconds until another code may be mailed. */
    @GET
    @Path("next-email")
    public Response nextEmailOtpMail() {
        Caller caller = auth.requireAccessOrPartialToken();
        EmailOtpFactor emailOtp = factors(caller).emailOtp();
        if (!emailOtp.isActive()) {
            throw ApiException.conflict(ApiErrorCodes.EMAIL_OTP_UNINITIALIZED);
        }
        return ApiResponses.ok(Map.of("duration", emailOtp.secondsUntilNextMail()));
    }

    /** #12: removes email OTP; without a second factor left, the recovery codes go too. */
    @DELETE
    public Response deactivateEmailOtp(@QueryParam(OtherSessions.FLAG) boolean keepOtherSessions) {
        Caller caller = auth.requireSudoToken();
        SecondFactors factors = factors(caller);
        if (!factors.removeEmailOtp()) {
            throw ApiException.conflict(ApiErrorCodes.EMAIL_OTP_ALREADY_INACTIVE);
        }
        events.event(EventType.REMOVE_CREDENTIAL, caller, "email-otp/remove")
                .detail(Details.CREDENTIAL_TYPE, EmailOtpFactor.CREDENTIAL_TYPE).success();
        OtherSessions.endUnlessKept(session, caller, keepOtherSessions, "email-otp/remove");
        return ApiResponses.ok(null);
    }

    private static Response answer(MailSending sending) {
        return switch (sending.status()) {
            case SENT -> ApiResponses.ok(null);
            case COOLDOWN -> throw ApiException.tooManyRequests(ApiErrorCodes.TOO_MANY_OTP_EMAILS,
                    sending.retryAfterSeconds());
            case NOT_ACTIVE -> throw ApiException.conflict(ApiErrorCodes.EMAIL_OTP_UNINITIALIZED);
        };
    }

    /** A mail that could not be sent is a server error; what was prepared for it is already undone. */
    private static MailSending mailed(MailAction action) {
        try {
            return action.send();
        } catch (EmailException e) {
            LOG.warnf("Could not send an email-OTP mail: %s", e.getMessage());
            throw ApiException.serverError(ApiErrorCodes.INTERNAL_ERROR);
        }
    }

    private interface MailAction {
        MailSending send() throws EmailException;
    }

    private SecondFactors factors(Caller caller) {
        return new SecondFactors(session, session.getContext().getRealm(), caller.user());
    }
}
