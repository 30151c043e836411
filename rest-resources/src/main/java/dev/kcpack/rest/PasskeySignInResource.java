package dev.kcpack.rest;

import java.util.Optional;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.guard.KeycloakLockout;
import dev.kcpack.core.guard.PublicDoor;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.passkey.PasskeySignIn;
import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.token.PasswordlessLogin;
import dev.kcpack.core.token.TwoStepLogin;
import dev.kcpack.core.twofactor.Factor;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/user/passkey}: signing in with a passkey alone (#20), where the realm's
 * setting {@code passkeySignIn} allows it. No token: the app names its client (and a confidential
 * one gives its secret); the answer is the two-step login's, in a real user session.
 */
public final class PasskeySignInResource {

    private static final int MAX_SCOPE = 1024;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final BearerAuth auth;
    private final ApiEvents events;

    PasskeySignInResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.auth = auth;
        this.events = new ApiEvents(session);
    }

    /** Options for {@code navigator.credentials.get} without any account named: the device offers its passkeys. */
    @POST
    @Path("sign-in/options")
    public Response createPasskeySignInOptions(String body) {
        JsonNode json = RequestBodies.object(body);
        PublicDoors.admit(session, PublicDoor.PASSKEY_SIGN_IN, ApiErrorCodes.TOO_MANY_PASSKEY_CHECKS);
        ClientModel client = signInClient(json);
        return PasskeyResource.options(new PasskeySignIn(session, realm).options(client.getClientId()));
    }

    /** Checks the assertion of a discoverable passkey (the user verified) and logs its user in at the client. */
    @POST
    @Path("sign-in")
    public Response signInWithPasskey(String body) {
        JsonNode json = RequestBodies.object(body);
        PublicDoors.admit(session, PublicDoor.PASSKEY_SIGN_IN, ApiErrorCodes.TOO_MANY_PASSKEY_CHECKS);
        ClientModel client = signInClient(json);
        String challengeId = RequestBodies.requiredString(json, "challengeId");
        String scope = json.hasNonNull("scope") ? RequestBodies.boundedString(json, "scope", MAX_SCOPE) : null;
        PasskeyFactor.Response credential = PasskeyResource.assertion(json);
        PasskeySignIn.Outcome outcome = new PasskeySignIn(session, realm).verify(challengeId, client.getClientId(), credential);
        switch (outcome.status()) {
            case REFUSED -> {
                if (outcome.user() != null) {
                    new KeycloakLockout(session, realm).reportFailure(outcome.user(), Factor.PASSKEY.lockoutCategory());
                }
                events.event(EventType.LOGIN_ERROR, client, outcome.user(), "passkey/sign-in").error(Errors.INVALID_USER_CREDENTIALS);
                throw ApiException.unauthorized(ApiErrorCodes.PASSKEY_INVALID);
            }
            case LOCKED -> {
                events.event(EventType.LOGIN_ERROR, client, outcome.user(), "passkey/sign-in").error(Errors.USER_TEMPORARILY_DISABLED);
                throw ApiException.tooManyRequests(ApiErrorCodes.TOO_MANY_PASSKEY_CHECKS, outcome.retryAfterSeconds());
            }
            case DISABLED -> {
                events.event(EventType.LOGIN_ERROR, client, outcome.user(), "passkey/sign-in").error(Errors.USER_DISABLED);
                throw ApiException.forbidden(ApiErrorCodes.ACCOUNT_DISABLED);
            }
            default -> {
            }
        }
        Optional<TwoStepLogin.Finished> login = new PasswordlessLogin(session, realm)
                .finish(outcome.user(), client, scope, Factor.PASSKEY.apiName(), Factor.PASSKEY.loginStep());
        if (login.isEmpty()) {
            events.event(EventType.LOGIN_ERROR, client, outcome.user(), "passkey/sign-in").error(Errors.RESOLVE_REQUIRED_ACTIONS);
            throw ApiException.badRequest(ApiErrorCodes.ACCOUNT_NOT_FULLY_SET_UP);
        }
        return SecondFactorCheck.loggedIn(session, login.get(), outcome.user(), client.getClientId(), Factor.PASSKEY);
    }

    /** The body's client, allowed to log users in, in a realm that lets them sign in with a passkey alone. */
    private ClientModel signInClient(JsonNode body) {
        ClientModel client = auth.requireLoginClient(RequestBodies.requiredString(body, "clientId"));
        if (!PackSettings.of(realm).passkeySignIn()) {
            throw ApiException.forbidden(ApiErrorCodes.PASSKEY_SIGN_IN_DISABLED);
        }
        return client;
    }
}
