package dev.kcpack.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.kcpack.core.SudoTokens;
import dev.kcpack.core.TwoStepLogin;
import dev.kcpack.core.Verification;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What every {@code /authenticate} endpoint does with the outcome of a check: audit it,
 * answer a failure in the factor's words, and on success hand out a sudo token (with an
 * access token) or finish the two-step login (with a partial auth token).
 */
final class SecondFactorCheck {

    private final KeycloakSession session;
    private final ApiEvents events;

    SecondFactorCheck(KeycloakSession session) {
        this.session = session;
        this.events = new ApiEvents(session);
    }

    Response answer(Caller caller, Verification result, FactorErrors errors, String factor, String operation) {
        if (!result.accepted()) {
            events.event(EventType.LOGIN_ERROR, caller, operation)
                    .detail(Details.AUTH_METHOD, factor).error(FactorErrors.eventError(result));
            throw errors.failure(result);
        }
        RealmModel realm = session.getContext().getRealm();
        SudoTokens sudoTokens = new SudoTokens(session, realm);
        if (caller.partial() == null) {
            events.event(EventType.LOGIN, caller, operation).detail(Details.AUTH_METHOD, factor).success();
            return ApiResponses.ok(Map.of("sudoToken",
                    sudoTokens.issue(caller.user(), caller.userSession(), caller.clientId())));
        }
        TwoStepLogin.Finished login = new TwoStepLogin(session, realm).finish(caller.partial(), factor)
                .orElseThrow(() -> ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("accessToken", login.tokens().getToken());
        tokens.put("refreshToken", login.tokens().getRefreshToken());
        tokens.put("sudoToken", sudoTokens.issue(caller.user(), login.userSession(), caller.clientId()));
        return ApiResponses.ok(tokens);
    }
}
