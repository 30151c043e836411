package dev.kcpack.rest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.twofactor.Factor;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /user/2fa/passkey} (#20): passkeys over the API, as Keycloak's own WebAuthn credentials.
 * Options calls answer {@code challengeId} and {@code publicKey} in WebAuthn's JSON form (what
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON} and Android's Credential Manager take);
 * finish calls take {@code credential}, the browser's {@code credential.toJSON()}.
 */
public final class PasskeyResource {

    private static final int MAX_LABEL = 64;
    private static final String DEFAULT_LABEL = "Passkey";

    private final KeycloakSession session;
    private final BearerAuth auth;
    private final ApiEvents events;

    PasskeyResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
        this.events = new ApiEvents(session);
    }

    /** Options for {@code navigator.credentials.create} (sudo, or access without 2FA, like the other factors' setup). */
    @POST
    @Path("register/options")
    public Response createPasskeyRegistrationOptions(String body) {
        Caller caller = auth.requireSudoOrAccessWithout2fa();
        RequestBodies.object(body);
        return options(factors(caller).passkeys().registrationOptions(caller.clientId()));
    }

    /** Stores the passkey the authenticator made for those options; the first factor brings recovery codes. */
    @POST
    @Path("register")
    public Response registerPasskey(String body) {
        Caller caller = auth.forGuess().requireAccessToken();
        JsonNode json = RequestBodies.object(body);
        String challengeId = RequestBodies.requiredString(json, "challengeId");
        PasskeyFactor.Response credential = registration(json);
        String label = json.hasNonNull("label") ? RequestBodies.boundedString(json, "label", MAX_LABEL).trim() : "";
        boolean keepOtherSessions = OtherSessions.kept(json);
        SecondFactors factors = factors(caller);
        PasskeyFactor.Registered[] registered = {null};
        SecondFactors.Activation activation = factors.activate(Factor.PASSKEY, () -> {
            registered[0] = factors.passkeys().register(challengeId, caller.clientId(), credential,
                    label.isEmpty() ? DEFAULT_LABEL : label);
            return Verification.of(registered[0] == PasskeyFactor.Registered.DONE
                    ? Verification.Outcome.ACCEPTED : Verification.Outcome.REJECTED);
        });
        if (!activation.result().accepted()) {
            events.event(EventType.UPDATE_CREDENTIAL_ERROR, caller, "passkey/register")
                    .error(FactorErrors.eventError(activation.result()));
            if (registered[0] == null) {
                throw FactorErrors.PASSKEY.failure(activation.result());
            }
            throw switch (registered[0]) {
                case CHALLENGE_INVALID -> ApiException.badRequest(ApiErrorCodes.PASSKEY_CHALLENGE_INVALID);
                case ALREADY_REGISTERED -> ApiException.conflict(ApiErrorCodes.PASSKEY_ALREADY_REGISTERED);
                default -> ApiException.badRequest(ApiErrorCodes.PASSKEY_INVALID);
            };
        }
        events.event(EventType.UPDATE_CREDENTIAL, caller, "passkey/register").success();
        OtherSessions.endUnlessKept(session, caller, keepOtherSessions, "passkey/register");
        return ApiResponses.ok(Map.of("recoveryCodes", activation.recoveryCodes()));
    }

    /** Options for {@code navigator.credentials.get} with the user's passkeys, for an access or partial token. */
    @POST
    @Path("authenticate/options")
    public Response createPasskeyAuthenticationOptions(String body) {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        RequestBodies.object(body);
        PasskeyFactor passkeys = factors(caller).passkeys();
        if (!passkeys.isActive()) {
            throw ApiException.conflict(ApiErrorCodes.PASSKEY_NOT_FOUND);
        }
        return options(passkeys.authenticationOptions(caller.clientId(), forSudo(caller)));
    }

    /** Checks the assertion: a sudo token (the user verified), or the tokens of a two-step login. */
    @POST
    @Path("authenticate")
    public Response verifyPasskey(String body) {
        Caller caller = auth.forGuess().requireAccessOrPartialToken();
        JsonNode json = RequestBodies.object(body);
        String challengeId = RequestBodies.requiredString(json, "challengeId");
        PasskeyFactor.Response credential = assertion(json);
        return new SecondFactorCheck(session).answer(caller,
                () -> factors(caller).passkeys().verify(challengeId, caller.clientId(), credential, forSudo(caller)),
                FactorErrors.PASSKEY, Factor.PASSKEY, "passkey/authenticate");
    }

    /** Renames one passkey (sudo). */
    @PATCH
    @Path("{id}")
    public Response renamePasskey(@PathParam("id") String id, String body) {
        Caller caller = auth.requireSudoToken();
        String label = RequestBodies.boundedString(RequestBodies.object(body), "label", MAX_LABEL).trim();
        if (label.isEmpty()) {
            throw ApiException.badRequest("label must not be empty");
        }
        if (!factors(caller).passkeys().rename(id, label)) {
            throw ApiException.notFound(ApiErrorCodes.PASSKEY_NOT_FOUND);
        }
        return ApiResponses.ok(null);
    }

    /** Removes one passkey (sudo); without a second factor left, the recovery codes go too. */
    @DELETE
    @Path("{id}")
    public Response deletePasskey(@PathParam("id") String id, @QueryParam(OtherSessions.FLAG) boolean keepOtherSessions) {
        Caller caller = auth.requireSudoToken();
        if (!factors(caller).removePasskey(id)) {
            throw ApiException.notFound(ApiErrorCodes.PASSKEY_NOT_FOUND);
        }
        events.event(EventType.REMOVE_CREDENTIAL, caller, "passkey/remove").success();
        OtherSessions.endUnlessKept(session, caller, keepOtherSessions, "passkey/remove");
        return ApiResponses.ok(null);
    }

    /** A sudo token asks for a verified user (PIN, biometrics), not only a present one; a login follows the realm's policy. */
    private static boolean forSudo(Caller caller) {
        return caller.partial() == null;
    }

    static Response options(PasskeyFactor.Options options) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("challengeId", options.challengeId());
        answer.put("publicKey", options.publicKey());
        return ApiResponses.ok(answer);
    }

    private static PasskeyFactor.Response registration(JsonNode body) {
        JsonNode response = credentialResponse(body);
        Set<String> transports = new LinkedHashSet<>();
        JsonNode given = response.get("transports");
        if (given != null && given.isArray()) {
            given.forEach(t -> transports.add(t.asText()));
        }
        return new PasskeyFactor.Response(RequestBodies.requiredString(body.get("credential"), "id"),
                RequestBodies.requiredString(response, "clientDataJSON"),
                RequestBodies.requiredString(response, "attestationObject"), null, null, null, transports);
    }

    static PasskeyFactor.Response assertion(JsonNode body) {
        JsonNode response = credentialResponse(body);
        JsonNode userHandle = response.get("userHandle");
        return new PasskeyFactor.Response(RequestBodies.requiredString(body.get("credential"), "id"),
                RequestBodies.requiredString(response, "clientDataJSON"), null,
                RequestBodies.requiredString(response, "authenticatorData"),
                RequestBodies.requiredString(response, "signature"),
                userHandle == null || userHandle.isNull() ? null : userHandle.asText(), Set.of());
    }

    private static JsonNode credentialResponse(JsonNode body) {
        JsonNode credential = body.get("credential");
        if (credential == null || !credential.isObject()) {
            throw ApiException.badRequest("body must have required property 'credential' (an object)");
        }
        JsonNode response = credential.get("response");
        if (response == null || !response.isObject()) {
            throw ApiException.badRequest("credential must have required property 'response' (an object)");
        }
        return response;
    }

    private SecondFactors factors(Caller caller) {
        return new SecondFactors(session, session.getContext().getRealm(), caller.user());
    }

    static List<Map<String, Object>> list(SecondFactors factors) {
        return factors.passkeys().list().stream().map(p -> {
            Map<String, Object> passkey = new LinkedHashMap<>();
            passkey.put("id", p.id());
            passkey.put("label", p.label());
            passkey.put("createdAt", iso(p.createdAt()));
            passkey.put("lastUsedAt", iso(p.lastUsedAt()));
            return passkey;
        }).toList();
    }

    private static String iso(Long epochMillis) {
        return epochMillis == null ? null : java.time.Instant.ofEpochMilli(epochMillis).toString();
    }
}
