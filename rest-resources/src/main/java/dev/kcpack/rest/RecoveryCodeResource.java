package dev.kcpack.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.recoverycode.RecoveryCodes;
import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/** {@code /user/2fa/recovery-code}: the single-use recovery codes (operations #11, #14, #21). */
public final class RecoveryCodeResource {

    private static final String FIELD = "recoveryCode";

    private final KeycloakSession session;
    private final BearerAuth auth;

    RecoveryCodeResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
    }

    /** #21: uses up one recovery code; a sudo token, or the tokens of a two-step login. */
    @POST
    @Path("authenticate")
    public Response verifyRecoveryCode(String body) {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        String code = RequestBodies.requiredString(RequestBodies.object(body), FIELD);
        if (code.length() != RecoveryCodes.LENGTH) {
            throw ApiException.badRequest(FIELD + " must be " + RecoveryCodes.LENGTH + " characters");
        }
        return new SecondFactorCheck(session).answer(caller, () -> factors(caller).verifyRecoveryCode(code),
                FactorErrors.RECOVERY_CODE, Factor.RECOVERY_CODE, "recovery-code/authenticate");
    }

    /** #14: ten new codes; the old ones stop working. */
    @POST
    @Path("reset")
    public Response resetRecoveryCodes(String body) {
        Caller caller = auth.requireSudoToken();
        RequestBodies.object(body);
        SecondFactors factors = factors(caller);
        if (!factors.enabled()) {
            throw ApiException.conflict(ApiErrorCodes.TWO_FA_IS_DISABLED);
        }
        var codes = factors.resetRecoveryCodes();
        new ApiEvents(session).event(EventType.UPDATE_CREDENTIAL, caller, "recovery-code/reset")
                .detail(Details.CREDENTIAL_TYPE, RecoveryCodes.CREDENTIAL_TYPE).success();
        return ApiResponses.ok(Map.of("recoveryCodes", codes));
    }

    /** #11: seconds until the next recovery-code guess is checked. */
    @GET
    @Path("next-guess")
    public Response nextRecoveryCodeGuess() {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        SecondFactors factors = factors(caller);
        if (!factors.recoveryCodesUsable()) {
            throw ApiException.conflict(ApiErrorCodes.RECOVERY_CODES_UNINITIALIZED);
        }
        return ApiResponses.ok(Map.of("duration", factors.recoveryCodeGate().secondsUntilNextAttempt()));
    }

    private SecondFactors factors(Caller caller) {
        return new SecondFactors(session, session.getContext().getRealm(), caller.user());
    }
}
