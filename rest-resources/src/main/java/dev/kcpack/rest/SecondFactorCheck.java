package dev.kcpack.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import dev.kcpack.core.guard.KeycloakLockout;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.token.SudoTokens;
import dev.kcpack.core.token.TwoStepLogin;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessTokenResponse;

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

    /**
     * Runs {@code check} and answers. With a partial auth token, the token is claimed
     * first, so one token finishes at most one login however many requests carry it; a
     * failed check gives the claim back for the user's next try.
     */
    Response answer(Caller caller, Supplier<Verification> check, FactorErrors errors, Factor factor, String operation) {
        RealmModel realm = session.getContext().getRealm();
        TwoStepLogin twoStepLogin = new TwoStepLogin(session, realm);
        if (caller.partial() != null && !twoStepLogin.claim(caller.partial())) {
            throw ApiException.unauthorized(ApiErrorCodes.INVALID_TOKEN);
        }
        Verification result = check.get();
        if (!result.accepted()) {
            if (caller.partial() != null) {
                twoStepLogin.release(caller.partial());
            }
            if (result.outcome() == Verification.Outcome.REJECTED) {
                new KeycloakLockout(session, realm).reportFailure(caller.user(), factor.lockoutCategory());
            }
            events.event(EventType.LOGIN_ERROR, caller, operation)
                    .detail(PackEvents.SECOND_FACTOR, factor.apiName()).error(FactorErrors.eventError(result));
            throw errors.failure(result);
        }
        SudoTokens sudoTokens = new SudoTokens(session, realm);
        if (caller.partial() == null) {
            events.event(EventType.LOGIN, caller, operation).detail(PackEvents.SECOND_FACTOR, factor.apiName()).success();
            return ApiResponses.ok(Map.of("sudoToken",
                    sudoTokens.issue(caller.user(), caller.userSession(), caller.clientId(), factor.apiName())));
        }
        TwoStepLogin.Finished login = twoStepLogin.finish(caller.partial(), factor.apiName(), factor.loginStep());
        return loggedIn(session, login, caller.user(), caller.clientId(), factor);
    }

    /**
     * The answer of a finished API login (two-step, or a passkey alone): the contract's three
     * tokens, then what an OIDC token response says of them, so OIDC libraries can treat the
     * answer as one (camelCase, as the rest of the API).
     */
    static Response loggedIn(KeycloakSession session, TwoStepLogin.Finished login, UserModel user, String clientId,
                             Factor factor) {
        AccessTokenResponse issued = login.tokens();
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("accessToken", issued.getToken());
        tokens.put("refreshToken", issued.getRefreshToken());
        tokens.put("sudoToken", new SudoTokens(session, session.getContext().getRealm())
                .issue(user, login.userSession(), clientId, factor.apiName()));
        tokens.put("tokenType", issued.getTokenType());
        tokens.put("expiresIn", issued.getExpiresIn());
        tokens.put("refreshExpiresIn", issued.getRefreshExpiresIn());
        if (issued.getIdToken() != null) {
            tokens.put("idToken", issued.getIdToken());
        }
        if (issued.getScope() != null) {
            tokens.put("scope", issued.getScope());
        }
        return ApiResponses.ok(tokens);
    }
}
