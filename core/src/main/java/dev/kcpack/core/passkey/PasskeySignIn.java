package dev.kcpack.core.passkey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcpack.core.guard.Verification;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * #20: signing in with a passkey alone. The options name no user and no credential (the device
 * offers its discoverable passkeys for the RP), so they tell nothing of which accounts exist;
 * the answer's user handle names the user (Keycloak's user id, as both Keycloak's WebAuthn
 * registration and the pack's put it there), whose passkey must then hold as any second
 * factor's does: the same gate, counter, origin and RP checks, with the user verified. Only an
 * answer made with one of the named user's passkeys counts as a failure in their gate.
 */
public final class PasskeySignIn {

    /** What came of a sign-in. */
    public enum Status {
        SIGNED_IN,
        /** The challenge, the user handle, the user or the signature did not hold. */
        REFUSED,
        /** The user's passkey door (or Keycloak's brute-force detector) has them waiting. */
        LOCKED,
        /** The passkey held, but the account is disabled. */
        DISABLED
    }

    /** The status, the user when the answer named a known one, and the wait of a lock. */
    public record Outcome(Status status, UserModel user, long retryAfterSeconds) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public PasskeySignIn(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Options for {@code navigator.credentials.get} with no allowed credentials: the device's discoverable ones. */
    public PasskeyFactor.Options options(String clientId) {
        RelyingParty rp = RelyingParty.of(session, realm);
        PasskeyChallenges.Issued challenge = new PasskeyChallenges(session, realm)
                .issue(PasskeyChallenges.NO_USER_YET, PasskeyChallenges.Ceremony.SIGN_IN, clientId, rp.ceremonySeconds());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", challenge.value());
        options.put("timeout", rp.timeoutMillis());
        options.put("rpId", rp.id());
        options.put("allowCredentials", List.of());
        // Two factors in one gesture only where the device verified its user.
        options.put("userVerification", "required");
        return new PasskeyFactor.Options(challenge.id(), options);
    }

    /** Checks the answer to {@link #options}: who it names, and whether their passkey holds. */
    public Outcome verify(String challengeId, String clientId, PasskeyFactor.Response response) {
        Optional<String> challenge = new PasskeyChallenges(session, realm)
                .take(challengeId, PasskeyChallenges.NO_USER_YET, PasskeyChallenges.Ceremony.SIGN_IN, clientId);
        UserModel user = challenge.isEmpty() ? null : named(response.userHandle());
        if (user == null) {
            return new Outcome(Status.REFUSED, null, 0);
        }
        PasskeyFactor passkeys = new PasskeyFactor(session, realm, user);
        if (!passkeys.has(response.credentialId())) {
            // Not a guess at any key of this user's: anyone may name a user id, and counting it
            // would let them lock that user's passkey door.
            return new Outcome(Status.REFUSED, null, 0);
        }
        Verification result = passkeys.verifyTaken(challenge.get(), response, true);
        return switch (result.outcome()) {
            case ACCEPTED -> new Outcome(user.isEnabled() ? Status.SIGNED_IN : Status.DISABLED, user, 0);
            case LOCKED -> new Outcome(Status.LOCKED, user, result.retryAfterSeconds());
            default -> new Outcome(Status.REFUSED, user, 0);
        };
    }

    /** The user the answer's user handle names (a discoverable passkey has one), if any. */
    private UserModel named(String userHandle) {
        if (userHandle == null || userHandle.isBlank() || userHandle.length() > 128) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(userHandle), StandardCharsets.UTF_8);
            return session.users().getUserById(realm, id);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
