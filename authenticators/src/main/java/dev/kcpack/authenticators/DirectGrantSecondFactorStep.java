package dev.kcpack.authenticators;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.access.ApiClients;
import dev.kcpack.core.emailotp.CodeLogin;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.token.PendingDuties;
import dev.kcpack.core.token.SecondFactorProof;
import dev.kcpack.core.token.TwoStepLogin;
import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Direct-grant step after username and password. A user without 2FA passes. A request
 * that carries a code ({@code totp}, {@code otp} or {@code recovery_code}) is checked at once. Any
 * other request of a user with 2FA is answered 401 {@code 2FA_REQUIRED} with a partial
 * auth token, which the REST API's {@code /authenticate} endpoints turn into tokens.
 */
public final class DirectGrantSecondFactorStep implements Authenticator {

    static final String TOTP_PARAM = "totp";
    static final String RECOVERY_CODE_PARAM = "recovery_code";
    static final String EMAIL_OTP_PARAM = "otp";
    /** The partial auth token whose login an email code ({@code otp}) was mailed for. */
    static final String PARTIAL_TOKEN_PARAM = "partial_auth_token";
    /** "true": a 2FA_REQUIRED answer of a user with passkeys carries the options of a passkey check. */
    static final String PASSKEY_OPTIONS_PARAM = "passkey_options";
    static final String EMAIL_CODE_NEEDS_ITS_LOGIN =
            "An email code (otp) finishes only the login it was mailed for: send its partial_auth_token with it";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        SecondFactors factors = new SecondFactors(context.getSession(), context.getRealm(), user);
        if (!factors.enabled()) {
            // Keycloak's grant refuses a user with pending duties itself, after the flow.
            context.success();
            return;
        }
        if (PendingDuties.pendAt(context.getSession(), context.getRealm(), context.getAuthenticationSession(), user,
                context.getEvent())) {
            // As Keycloak's own grant answers, and before a partial token or any factor check:
            // a factor checked here would be a guess no login could use.
            context.getEvent().user(user).detail(Details.REASON, PendingDuties.NOT_FULLY_SET_UP);
            context.getEvent().error(Errors.RESOLVE_REQUIRED_ACTIONS);
            // A challenge, not a failure: Keycloak's own refusal counts no failed login, and
            // neither does this one (a failure would feed the brute-force detector).
            context.challenge(oauthError(400, "invalid_grant", PendingDuties.NOT_FULLY_SET_UP, null));
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String totp = form.getFirst(TOTP_PARAM);
        String recoveryCode = form.getFirst(RECOVERY_CODE_PARAM);
        String emailOtp = form.getFirst(EMAIL_OTP_PARAM);
        if (totp != null) {
            conclude(context, Factor.TOTP, factors.totp().verify(totp.trim()));
        } else if (emailOtp != null) {
            emailCode(context, factors, emailOtp.trim(), form.getFirst(PARTIAL_TOKEN_PARAM));
        } else if (recoveryCode != null) {
            conclude(context, Factor.RECOVERY_CODE, factors.verifyRecoveryCode(recoveryCode));
        } else {
            askForSecondFactor(context, factors, "true".equals(form.getFirst(PASSKEY_OPTIONS_PARAM)));
        }
    }

    /**
     * An email code finishes only the login it was mailed for: the two-step login of the partial
     * token the app asked it with, which this grant names and uses up (one login per partial token).
     * Without it no login could have had a code mailed, so nothing is checked (and nothing counted).
     */
    private static void emailCode(AuthenticationFlowContext context, SecondFactors factors, String code, String partialToken) {
        TwoStepLogin logins = new TwoStepLogin(context.getSession(), context.getRealm());
        Optional<TwoStepLogin.Partial> partial = Optional.ofNullable(partialToken).flatMap(logins::verify)
                .filter(p -> p.user().getId().equals(context.getUser().getId())
                        && p.client().getId().equals(context.getAuthenticationSession().getClient().getId()));
        if (partial.isEmpty()) {
            context.getEvent().user(context.getUser()).detail(PackEvents.SECOND_FACTOR, Factor.EMAIL_OTP.apiName())
                    .error(Errors.INVALID_REQUEST);
            context.challenge(oauthError(400, "invalid_request", EMAIL_CODE_NEEDS_ITS_LOGIN, null));
            return;
        }
        Verification result = factors.emailOtp().verify(code, CodeLogin.partialToken(partial.get().token().getId()));
        if (result.accepted() && !logins.claim(partial.get())) {
            // Another request finished that login with the same partial token first.
            result = Verification.of(Verification.Outcome.REJECTED);
        } else if (result.accepted()) {
            logins.spend(partial.get());
        }
        conclude(context, Factor.EMAIL_OTP, result);
    }

    private static void conclude(AuthenticationFlowContext context, Factor factor, Verification result) {
        context.getEvent().detail(PackEvents.SECOND_FACTOR, factor.apiName());
        switch (result.outcome()) {
            case ACCEPTED -> {
                SecondFactorProof.outsideItsStep(context.getSession(), context.getRealm(),
                        context.getAuthenticationSession(), factor.loginStep());
                context.success();
            }
            case REJECTED, NOT_ACTIVE -> {
                context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
                context.failure(AuthenticationFlowError.INVALID_CREDENTIALS,
                        oauthError(401, "invalid_grant", "Invalid second factor", null));
            }
            case LOCKED -> {
                // No guess was checked: nothing for the brute-force detector to count.
                context.getEvent().user(context.getUser()).error(Errors.USER_TEMPORARILY_DISABLED);
                context.challenge(oauthError(429, "invalid_grant",
                        "Too many failed attempts; retry in " + result.retryAfterSeconds() + " seconds",
                        result.retryAfterSeconds()));
            }
            case CORRUPT -> {
                context.getEvent().user(context.getUser()).error(Errors.INVALID_CONFIG);
                context.failure(AuthenticationFlowError.INTERNAL_ERROR,
                        oauthError(500, "server_error", "The second factor cannot be checked", null));
            }
        }
    }

    private static void askForSecondFactor(AuthenticationFlowContext context, SecondFactors factors, boolean passkeyOptions) {
        ApiClients clients = new ApiClients(context.getSession(), context.getRealm());
        if (!clients.admits(context.getAuthenticationSession().getClient())) {
            // A partial token is a key to the user API, which this client may not use: its
            // users with 2FA sign in with the code in the grant itself (totp, otp, recovery_code).
            clients.logRefusal(context.getAuthenticationSession().getClient().getClientId());
            context.getEvent().user(context.getUser()).detail(Details.REASON, ApiClients.NOT_ALLOWED);
            context.getEvent().error(Errors.NOT_ALLOWED);
            context.challenge(oauthError(400, "unauthorized_client", ApiClients.NOT_ALLOWED, null));
            return;
        }
        String scope = context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        String partial = new TwoStepLogin(context.getSession(), context.getRealm())
                .issuePartialToken(context.getUser(), context.getAuthenticationSession().getClient(), scope);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", 401);
        body.put("error", "Unauthorized");
        body.put("message", "2FA_REQUIRED");
        body.put("partialAuthToken", partial);
        List<Factor> methods = factors.activeMethods();
        body.put("methods", methods.stream().map(Factor::apiName).toList());
        if (passkeyOptions && methods.contains(Factor.PASSKEY)) {
            // The options of POST /2fa/passkey/authenticate/options for this login, so a passkey finishes it
            // in one more request, as a code does. Nothing is stored: the challenge travels signed.
            PasskeyFactor.Options options = factors.passkeys()
                    .authenticationOptions(context.getAuthenticationSession().getClient().getClientId(), false);
            Map<String, Object> offered = new LinkedHashMap<>();
            offered.put("challengeId", options.challengeId());
            offered.put("publicKey", options.publicKey());
            body.put("passkeyOptions", offered);
        }
        // OAuth libraries surface error_description of a token-endpoint error: the machine
        // code there lets an app tell "second factor needed" from a wrong password.
        body.put("error_description", "2FA_REQUIRED");
        context.challenge(Response.status(401).type("application/json; charset=utf-8")
                .header("Cache-Control", "no-store").entity(body).build());
    }

    private static Response oauthError(int status, String error, String description, Long retryAfter) {
        Response.ResponseBuilder response = Response.status(status).type("application/json; charset=utf-8")
                .header("Cache-Control", "no-store")
                .entity(new OAuth2ErrorRepresentation(error, description));
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A direct grant is a single request: there is no form to come back to.
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
