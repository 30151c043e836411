package dev.kcpack.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.emailchange.EmailTransfer;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.notice.SecurityNotices;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/** {@code /user/email}: moving the account to a new address (operations #6, #10). */
public final class EmailResource {

    private static final Logger LOG = Logger.getLogger(EmailResource.class);

    private final KeycloakSession session;
    private final BearerAuth auth;

    EmailResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
    }

    /** #6: mails a code to the new address. */
    @POST
    @Path("initiate")
    public Response initiateEmailTransfer(String body) {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        String email = RequestBodies.email(RequestBodies.object(body), "email");
        MailParams.refuseDeniedProvider(session, email);
        MailOptions mail = MailParams.read(session);
        EmailTransfer.Started started;
        try {
            started = transfer(caller).start(email, mail);
        } catch (EmailException e) {
            LOG.warnf("Could not send an address-transfer mail: %s", e.getMessage());
            throw ApiException.serverError(ApiErrorCodes.INTERNAL_ERROR);
        }
        switch (started.outcome()) {
            case COOLDOWN -> throw ApiException.tooManyRequests(ApiErrorCodes.TOO_MANY_TRANSFER_ATTEMPTS,
                    started.retryAfterSeconds());
            case ADDRESS_TAKEN -> throw ApiException.conflict(ApiErrorCodes.NEW_EMAIL_ALREADY_IN_USE);
            case SENT -> {
            }
        }
        new ApiEvents(session).event(EventType.SEND_VERIFY_EMAIL, caller, "email/initiate")
                .detail(Details.EMAIL, email).success();
        return ApiResponses.ok(null);
    }

    /** #10: the code came back; the new address replaces the old, which is told. */
    @PUT
    public Response completeEmailTransfer(String body) {
        Caller caller = auth.forGuess().requireAccessToken();
        String code = RequestBodies.sixDigitCode(RequestBodies.object(body), "otp");
        MailOptions mail = MailParams.read(session);
        EmailTransfer.Result result = transfer(caller).complete(code);
        switch (result.completion()) {
            case INVALID_CODE -> throw ApiException.unauthorized(ApiErrorCodes.OTP_INVALID_EXPIRED);
            case LOCKED -> throw ApiException.tooManyRequests(ApiErrorCodes.TOO_MANY_OTP_CHECKS,
                    result.retryAfterSeconds());
            case ADDRESS_TAKEN -> throw ApiException.conflict(ApiErrorCodes.NEW_EMAIL_ALREADY_IN_USE);
            case DONE -> {
            }
        }
        String newEmail = caller.user().getEmail();
        new ApiEvents(session).event(EventType.UPDATE_EMAIL, caller, "email/complete")
                .detail(Details.PREVIOUS_EMAIL, result.oldEmail()).detail(Details.UPDATED_EMAIL, newEmail).success();
        new SecurityNotices(session, session.getContext().getRealm())
                .tellOldAddress(caller.user(), result.oldEmail(), newEmail, mail);
        return ApiResponses.ok(null);
    }

    private EmailTransfer transfer(Caller caller) {
        return new EmailTransfer(session, session.getContext().getRealm(), caller.user());
    }
}
