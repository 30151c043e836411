package dev.kcpack.rest;

import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.totp.TotpFactor;
import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/** {@code /user/2fa/totp}: the user's authenticator app (operations #2, #7, #13, #16, #22). */
public final class TotpResource {

    private static final String TOTP = "totp";

    private final KeycloakSession session;
    private final BearerAuth auth;
    private final ApiEvents events;

    TotpResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
        this.events = new ApiEvents(session);
    }

    /** #7: a new secret, pending until {@code enable}; the current app keeps working meanwhile. */
    @POST
    @Path("setup")
    public Response setupTotp(String body) {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        RequestBodies.object(body);
        String url = factors(caller).totp().startSetup();
        return ApiResponses.ok(Map.of("url", url));
    }

    /** #2: activates the pending secret; the first second factor brings recovery codes. */
    @POST
    @Path("enable")
    public Response activateTotp(String body) {
        Caller caller = auth.forGuess().requireAccessToken();
        JsonNode json = RequestBodies.object(body);
        String code = RequestBodies.sixDigitCode(json, TOTP);
        boolean keepOtherSessions = OtherSessions.kept(json);
        SecondFactors factors = factors(caller);
        SecondFactors.Activation activation = factors.activate(Factor.TOTP, () -> factors.totp().activatePending(code));
        if (!activation.result().accepted()) {
            events.event(EventType.UPDATE_TOTP_ERROR, caller, "totp/enable")
                    .error(FactorErrors.eventError(activation.result()));
            throw FactorErrors.TOTP.failure(activation.result());
        }
        events.event(EventType.UPDATE_TOTP, caller, "totp/enable").success();
        OtherSessions.endUnlessKept(session, caller, keepOtherSessions, "totp/enable");
        return ApiResponses.ok(Map.of("recoveryCodes", activation.recoveryCodes()));
    }

    /** #22: checks a code of the active app; a sudo token, or the tokens of a two-step login. */
    @POST
    @Path("authenticate")
    public Response verifyTotp(String body) {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        String code = RequestBodies.sixDigitCode(RequestBodies.object(body), TOTP);
        return new SecondFactorCheck(session).answer(caller, () -> factors(caller).totp().verify(code),
                FactorErrors.TOTP, Factor.TOTP, "totp/authenticate");
    }

    /** #16: seconds until the next TOTP guess is checked. */
    @GET
    @Path("next-guess")
    public Response nextTotpGuess() {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        TotpFactor totp = factors(caller).totp();
        if (!totp.isActive()) {
            throw ApiException.conflict(ApiErrorCodes.TOTP_UNINITIALIZED);
        }
        return ApiResponses.ok(Map.of("duration", totp.gate().secondsUntilNextAttempt()));
    }

    /** #13: removes the app; without a second factor left, the recovery codes go too. */
    @DELETE
    public Response deactivateTotp(@QueryParam(OtherSessions.FLAG) boolean keepOtherSessions) {
        Caller caller = auth.requireSudoToken();
        SecondFactors factors = factors(caller);
        if (!factors.removeTotp()) {
            throw ApiException.conflict(ApiErrorCodes.TOTP_ALREADY_INACTIVE);
        }
        events.event(EventType.REMOVE_TOTP, caller, "totp/remove").success();
        OtherSessions.endUnlessKept(session, caller, keepOtherSessions, "totp/remove");
        return ApiResponses.ok(null);
    }

    private SecondFactors factors(Caller caller) {
        return new SecondFactors(session, session.getContext().getRealm(), caller.user());
    }
}
