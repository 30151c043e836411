package dev.kcpack.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.guard.KeycloakLockout;
import dev.kcpack.core.guard.PublicDoor;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.password.PasswordChange;
import dev.kcpack.core.password.PasswordReset;
import dev.kcpack.core.password.PasswordRules;
import dev.kcpack.core.password.PasswordUpdate;
import dev.kcpack.core.support.PackEvents;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

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
    public Response sendPasswordResetOtp(String body) {
        String email = RequestBodies.email(RequestBodies.object(body), "email");
        MailParams.refuseDeniedProvider(session, email);
        MailOptions mail = MailParams.read(session);
        PublicDoors.admit(session, PublicDoor.RESET_MAIL, ApiErrorCodes.TOO_MANY_RESET_MAIL_ATTEMPTS);
        PasswordReset reset = new PasswordReset(session, realm);
        return answerResetMail(reset, email, reset.sendCode(email, mail));
    }

    /** #9: mails Keycloak's own reset link; the same answer whether or not the address has an account. */
    @POST
    @Path("forgot")
    public Response sendPasswordResetEmail(String body) {
        String email = RequestBodies.email(RequestBodies.object(body), "email", 5, 100);
        MailParams.refuseDeniedProvider(session, email);
        MailOptions mail = MailParams.read(session);
        PublicDoors.admit(session, PublicDoor.RESET_MAIL, ApiErrorCodes.TOO_MANY_RESET_MAIL_ATTEMPTS);
        PasswordReset reset = new PasswordReset(session, realm);
        return answerResetMail(reset, email, reset.sendLink(email, mail));
    }

    /** #19: tells whether a reset code is right, without using it up. */
    @POST
    @Path("reset/validate")
    public Response checkPasswordResetOtp(String body) {
        JsonNode json = RequestBodies.object(body);
        String email = RequestBodies.email(json, "email");
        String code = RequestBodies.sixDigitCode(json, "otp");
        PublicDoors.admit(session, PublicDoor.RESET_CODE_CHECK, FactorErrors.RESET_CODE.tooMany());
        Verification result = new PasswordReset(session, realm).check(email, code);
        if (!result.accepted()) {
            throw FactorErrors.RESET_CODE.failure(result);
        }
        return ApiResponses.ok(null);
    }

    /** #17: sets a new password with a reset code; every session of the user ends. */
    @PUT
    @Path("otp")
    public Response updatePasswordWithOtp(String body) {
        JsonNode json = RequestBodies.object(body);
        String email = RequestBodies.email(json, "userEmail");
        String code = RequestBodies.sixDigitCode(json, "otp");
        String password = RequestBodies.newPassword(json, "newPassword");
        PublicDoors.admit(session, PublicDoor.RESET_CODE_CHECK, FactorErrors.RESET_CODE.tooMany());
        PasswordUpdate update = new PasswordReset(session, realm).resetPassword(email, code, password);
        answerFailure(update, FactorErrors.RESET_CODE);
        event(EventType.UPDATE_PASSWORD, update.user(), "password/otp").success();
        return ApiResponses.ok(null);
    }

    /** #18: changes the password of a signed-in user who knows the old one. */
    @PUT
    @Path("old-password")
    public Response updatePasswordWithOldPassword(String body) {
        Caller caller = auth.forGuess().askingThePassword().requireSudoOrAccessWithout2fa();
        JsonNode json = RequestBodies.object(body);
        String oldPassword = RequestBodies.boundedString(json, "oldPassword", PasswordRules.MAX_LENGTH);
        String password = RequestBodies.newPassword(json, "newPassword");
        boolean keepOtherSessions = OtherSessions.kept(json);
        PasswordChange change = new PasswordChange(session, realm, caller.user());
        if (!change.hasPassword()) {
            throw ApiException.serverError(ApiErrorCodes.NO_PASSWORD_INFO);
        }
        PasswordUpdate update = change.change(oldPassword, password,
                caller.userSession() == null ? null : caller.userSession().getId(), keepOtherSessions);
        if (update.proof().outcome() == Verification.Outcome.REJECTED && !update.refusedByPolicy()) {
            new KeycloakLockout(session, realm).reportFailure(caller.user(), KeycloakLockout.Category.PASSWORD);
            new ApiEvents(session).event(EventType.UPDATE_PASSWORD_ERROR, caller, "password/old-password")
                    .error(FactorErrors.eventError(update.proof()));
        }
        answerFailure(update, FactorErrors.OLD_PASSWORD);
        new ApiEvents(session).event(EventType.UPDATE_PASSWORD, caller, "password/old-password").success();
        return ApiResponses.ok(null);
    }

    private static void answerFailure(PasswordUpdate update, FactorErrors errors) {
        if (update.refusedByPolicy()) {
            throw ApiException.badRequest(update.policyMessage());
        }
        if (!update.proof().accepted()) {
            throw errors.failure(update.proof());
        }
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
                .detail(PackEvents.OPERATION, operation);
    }
}
