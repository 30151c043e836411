package dev.kcpack.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.AttemptLimiter;
import dev.kcpack.core.Factor;
import dev.kcpack.core.MailOptions;
import dev.kcpack.core.PasswordReset;
import dev.kcpack.core.PasswordRules;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;

/** {@code /user/password}: reset by mailed code or link, and change (operations #9, #15, #17, #18, #19). */
public final class PasswordResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final BearerAuth auth;

    PasswordResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.auth = auth;
    }

    /** #15: mails a reset code; the same answer whether or not the address has an account. */
    @POST
    @Path("reset/send")
    public Response sendResetCode(String body) {
        String email = RequestBodies.email(RequestBodies.object(body), "email");
        MailParams.refuseDeniedProvider(session, email);
        MailOptions mail = MailParams.read(session);
        PasswordReset reset = new PasswordReset(session, realm);
        return answerResetMail(reset, email, reset.sendCode(email, mail));
    }

    /** #9: mails Keycloak's own reset link; the same answer whether or not the address has an account. */
    @POST
    @Path("forgot")
    public Response sendResetLink(String body) {
        String email = RequestBodies.email(RequestBodies.object(body), "email", 5, 100);
        MailParams.refuseDeniedProvider(session, email);
        MailOptions mail = MailParams.read(session);
        PasswordReset reset = new PasswordReset(session, realm);
        return answerResetMail(reset, email, reset.sendLink(email, mail));
    }

    /** #19: tells whether a reset code is right, without using it up. */
    @POST
    @Path("reset/validate")
    public Response validateResetCode(String body) {
        JsonNode json = RequestBodies.object(body);
        String email = RequestBodies.email(json, "email");
        String code = RequestBodies.sixDigitCode(json, "otp");
        if (new PasswordReset(session, realm).check(email, code).isEmpty()) {
            throw ApiException.unauthorized(ApiErrorCodes.OTP_INVALID_EXPIRED);
        }
        return ApiResponses.ok(null);
    }

    /** #17: sets a new password with a reset code; every session of the user ends. */
    @PUT
    @Path("otp")
    public Response resetWithCode(String body) {
        JsonNode json = RequestBodies.object(body);
        String email = RequestBodies.email(json, "userEmail");
        String code = RequestBodies.sixDigitCode(json, "otp");
        String password = RequestBodies.newPassword(json, "newPassword");
        PasswordReset reset = new PasswordReset(session, realm);
        UserModel user = reset.check(email, code)
                .orElseThrow(() -> ApiException.unauthorized(ApiErrorCodes.OTP_INVALID_EXPIRED));
        refuseByRealmPolicy(user, password);
        if (reset.consume(email, code).isEmpty()) {
            throw ApiException.unauthorized(ApiErrorCodes.OTP_INVALID_EXPIRED);
        }
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        session.sessions().getUserSessionsStream(realm, user).toList()
                .forEach(userSession -> AuthenticationManager.backchannelLogout(session, userSession, true));
        event(EventType.UPDATE_PASSWORD, user, "password/otp").success();
        return ApiResponses.ok(null);
    }

    /** #18: changes the password of a signed-in user who knows the old one. */
    @PUT
    @Path("old-password")
    public Response change(String body) {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        JsonNode json = RequestBodies.object(body);
        String oldPassword = RequestBodies.boundedString(json, "oldPassword", PasswordRules.MAX_LENGTH);
        String password = RequestBodies.newPassword(json, "newPassword");
        UserModel user = caller.user();
        if (!user.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE)) {
            throw ApiException.serverError(ApiErrorCodes.NO_PASSWORD_INFO);
        }
        AttemptLimiter limiter = new AttemptLimiter(session, realm, user, Factor.OLD_PASSWORD);
        long wait = limiter.secondsUntilNextAttempt();
        if (wait > 0) {
            throw ApiException.tooManyRequests(ApiErrorCodes.TOO_MANY_FAILED_PASSWORD_CHECKS, wait);
        }
        if (!user.credentialManager().isValid(UserCredentialModel.password(oldPassword))) {
            limiter.recordFailure();
            new ApiEvents(session).event(EventType.UPDATE_PASSWORD_ERROR, caller, "password/old-password")
                    .error(org.keycloak.events.Errors.INVALID_USER_CREDENTIALS);
            throw ApiException.unauthorized(ApiErrorCodes.PASSWORD_INCORRECT);
        }
        limiter.recordSuccess();
        refuseByRealmPolicy(user, password);
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        new ApiEvents(session).event(EventType.UPDATE_PASSWORD, caller, "password/old-password").success();
        return ApiResponses.ok(null);
    }

    private void refuseByRealmPolicy(UserModel user, String password) {
        PasswordRules.realmPolicyViolation(session, realm, user, password).ifPresent(message -> {
            throw ApiException.badRequest(message);
        });
    }

    private Response answerResetMail(PasswordReset reset, String email, PasswordReset.Request request) {
        if (request == PasswordReset.Request.COOLDOWN) {
            throw ApiException.tooManyRequests(ApiErrorCodes.TOO_MANY_RESET_MAIL_ATTEMPTS,
                    reset.secondsUntilNextMail(email));
        }
        return ApiResponses.ok(null);
    }

    private EventBuilder event(EventType type, UserModel user, String operation) {
        return new EventBuilder(realm, session, session.getContext().getConnection())
                .event(type).user(user).detail(Details.USERNAME, user.getUsername())
                .detail(ApiEvents.OPERATION, operation);
    }
}
