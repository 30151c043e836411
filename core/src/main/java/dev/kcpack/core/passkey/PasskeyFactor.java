package dev.kcpack.core.passkey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.util.exception.WebAuthnException;
import dev.kcpack.core.durable.DurableState;
import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialModelInput;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A user's passkeys as a second factor (#20): Keycloak's own two-factor WebAuthn credentials
 * ({@value WebAuthnCredentialModel#TYPE_TWOFACTOR}), made and checked by Keycloak's WebAuthn
 * credential provider and the webauthn4j inside Keycloak, under the realm's WebAuthn policy. A
 * passkey made here signs in on Keycloak's login page, one made there works here.
 */
public final class PasskeyFactor {

    public static final String CREDENTIAL_TYPE = WebAuthnCredentialModel.TYPE_TWOFACTOR;
    private static final Logger LOG = Logger.getLogger(PasskeyFactor.class);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

    /** The options of one ceremony: the challenge's id and {@code publicKey} in WebAuthn's JSON form. */
    public record Options(String challengeId, Map<String, Object> publicKey) {
    }

    /** One passkey as the user sees it; {@code lastUsedAt} null when not used within {@link #USE_KEPT_SECONDS}. */
    public record Passkey(String id, String label, Long createdAt, Long lastUsedAt) {
    }

    /** How long a use is remembered for {@code lastUsedAt}: 400 days, beyond a yearly habit. */
    static final long USE_KEPT_SECONDS = 400L * 24 * 60 * 60;

    /** What the app sent back from {@code navigator.credentials.create/get} ({@code toJSON()}), each field base64url. */
    public record Response(String credentialId, String clientDataJson, String attestationObject,
                           String authenticatorData, String signature, String userHandle, Set<String> transports) {
    }

    /** What came of a registration. */
    public enum Registered {
        DONE,
        /** The challenge is unknown, expired, used, or not this user's registration. */
        CHALLENGE_INVALID,
        /** The authenticator's answer does not hold (origin, RP id, challenge, attestation, flags). */
        REFUSED,
        /** This authenticator already holds a passkey of the user. */
        ALREADY_REGISTERED
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    public PasskeyFactor(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    public boolean isActive() {
        return credentials().findAny().isPresent();
    }

    public AttemptGate gate() {
        return AttemptGate.of(session, realm, user, Door.PASSKEY);
    }

    public List<Passkey> list() {
        DurableState uses = new DurableState(session, realm);
        return credentials().map(c -> new Passkey(c.getId(), c.getUserLabel(), c.getCreatedDate(),
                uses.passkeyLastUsed(c.getId()).orElse(null))).toList();
    }

    /** Options for {@code navigator.credentials.create}: excludes the user's passkeys, so one authenticator holds one. */
    public Options registrationOptions(String clientId) {
        RelyingParty rp = RelyingParty.of(session, realm);
        PasskeyChallenges.Issued challenge = challenges().issue(user.getId(), PasskeyChallenges.Ceremony.REGISTER, clientId,
                rp.ceremonySeconds());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", challenge.value());
        options.put("rp", Map.of("id", rp.id(), "name", rp.name()));
        options.put("user", Map.of("id", ENCODE.encodeToString(user.getId().getBytes(StandardCharsets.UTF_8)),
                "name", user.getUsername(), "displayName", displayName()));
        options.put("pubKeyCredParams", rp.algorithms().stream().map(a -> Map.of("type", "public-key", "alg", a)).toList());
        options.put("timeout", rp.timeoutMillis());
        options.put("excludeCredentials", descriptors());
        Map<String, Object> selection = new LinkedHashMap<>();
        if (rp.attachment() != null) {
            selection.put("authenticatorAttachment", rp.attachment());
        }
        selection.put("residentKey", rp.residentKey());
        selection.put("requireResidentKey", "required".equals(rp.residentKey()));
        selection.put("userVerification", rp.userVerification());
        options.put("authenticatorSelection", selection);
        options.put("attestation", rp.attestation());
        return new Options(challenge.id(), options);
    }

    /** Verifies the answer to {@link #registrationOptions} and stores the passkey under {@code label}. */
    public Registered register(String challengeId, String clientId, Response response, String label) {
        Optional<String> challenge = challenges().take(challengeId, user.getId(), PasskeyChallenges.Ceremony.REGISTER, clientId);
        if (challenge.isEmpty()) {
            return Registered.CHALLENGE_INVALID;
        }
        RegistrationChecks checks = new RegistrationChecks(session, realm, RelyingParty.of(session, realm));
        RegistrationData data;
        try {
            data = checks.verify(new RegistrationRequest(bytes(response.attestationObject()),
                    bytes(response.clientDataJson()), response.transports()), challenge.get());
        } catch (WebAuthnException | IllegalArgumentException e) {
            LOG.debugf("passkey registration refused for user %s: %s", user.getId(), e.getMessage());
            return Registered.REFUSED;
        }
        var attested = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData();
        String credentialId = ENCODE.encodeToString(attested.getCredentialId());
        if (descriptors().stream().anyMatch(d -> credentialId.equals(d.get("id")))) {
            return Registered.ALREADY_REGISTERED;
        }
        if (checks.heldInRealm(attested.getCredentialId())) {
            // Another user's: refused like any answer that does not hold, so it tells nobody whose it is.
            LOG.debugf("passkey registration refused for user %s: the credential id is another user's", user.getId());
            return Registered.REFUSED;
        }
        WebAuthnCredentialModelInput input = new WebAuthnCredentialModelInput(CREDENTIAL_TYPE);
        input.setAttestedCredentialData(attested);
        input.setCount(data.getAttestationObject().getAuthenticatorData().getSignCount());
        input.setAttestationStatementFormat(data.getAttestationObject().getFormat());
        input.setTransports(data.getTransports());
        WebAuthnCredentialProvider provider = provider();
        provider.createCredential(realm, user, provider.getCredentialModelFromCredentialInput(input, label));
        return Registered.DONE;
    }

    /** Options for {@code navigator.credentials.get}: the user's passkeys are the allowed ones. */
    public Options authenticationOptions(String clientId, boolean userVerification) {
        RelyingParty rp = RelyingParty.of(session, realm);
        PasskeyChallenges.Issued challenge = challenges().issue(user.getId(), PasskeyChallenges.Ceremony.AUTHENTICATE, clientId,
                rp.ceremonySeconds());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", challenge.value());
        options.put("timeout", rp.timeoutMillis());
        options.put("rpId", rp.id());
        options.put("allowCredentials", descriptors());
        options.put("userVerification", userVerification ? "required" : rp.userVerification());
        return new Options(challenge.id(), options);
    }

    /**
     * Checks the answer to {@link #authenticationOptions} through the passkey gate: the challenge
     * (once), origin, RP id, the signature with the stored key, the flags ({@code userVerification}:
     * the user was verified, not only present) and the signature counter (Keycloak's provider
     * refuses one that goes back; 0 forever is an authenticator without counter).
     */
    public Verification verify(String challengeId, String clientId, Response response, boolean userVerification) {
        return verifyWithin(() -> challenges().take(challengeId, user.getId(), PasskeyChallenges.Ceremony.AUTHENTICATE, clientId),
                response, userVerification);
    }

    /** {@link #verify} for a challenge already taken (a sign-in's, which named no user when it was issued). */
    Verification verifyTaken(String challenge, Response response, boolean userVerification) {
        return verifyWithin(() -> Optional.of(challenge), response, userVerification);
    }

    /**
     * The challenge is taken inside the gate: of a burst of finishes on one challenge, the one
     * holding the gate gets it, the others wait (429) or find it spent, so that no refused copy
     * can lock the user (Keycloak's quick-login check) before the genuine one is checked.
     */
    private Verification verifyWithin(java.util.function.Supplier<Optional<String>> taking, Response response,
                                      boolean userVerification) {
        if (!isActive()) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        RelyingParty rp = RelyingParty.of(session, realm);
        return gate().check(() -> {
            Optional<String> challenge = taking.get();
            if (challenge.isEmpty()) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            WebAuthnCredentialModelInput input = new WebAuthnCredentialModelInput(CREDENTIAL_TYPE);
            try {
                input.setAuthenticationRequest(new AuthenticationRequest(bytes(response.credentialId()),
                        response.userHandle() == null ? null : bytes(response.userHandle()),
                        bytes(response.authenticatorData()), bytes(response.clientDataJson()), bytes(response.signature())));
            } catch (IllegalArgumentException notBase64) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            input.setAuthenticationParameters(new WebAuthnCredentialModelInput.KeycloakWebAuthnAuthenticationParameters(
                    rp.serverProperty(challenge.get()), userVerification || rp.userVerificationRequired()));
            try {
                if (user.credentialManager().isValid(input)) {
                    used(response.credentialId());
                    return Verification.of(Verification.Outcome.ACCEPTED);
                }
                // Keycloak's provider answers false for a credential the user does not have and for a
                // signature counter that did not go up: the mark of a cloned authenticator.
                LOG.warnf("passkey refused for user %s in realm %s: not one of the user's, or its signature counter went back",
                        user.getId(), realm.getName());
                return Verification.of(Verification.Outcome.REJECTED);
            } catch (WebAuthnException | IllegalArgumentException refused) {
                // Keycloak's provider throws on a bad signature, origin or flag rather than answering false.
                LOG.debugf("passkey assertion refused for user %s: %s", user.getId(), refused.getMessage());
                return Verification.of(Verification.Outcome.REJECTED);
            }
        });
    }

    /**
     * Records that the passkey the authenticator calls {@code rawId} (base64url, as WebAuthn's JSON
     * and Keycloak's login form carry it) was just accepted, for its {@code lastUsedAt}.
     */
    public void used(String rawId) {
        credentialOf(rawId).ifPresent(c -> new DurableState(session, realm).passkeyUsed(c.getId(), USE_KEPT_SECONDS));
    }

    /** Whether the user has the passkey the authenticator calls {@code rawId} (base64url). */
    boolean has(String rawId) {
        return credentialOf(rawId).isPresent();
    }

    private Optional<CredentialModel> credentialOf(String rawId) {
        byte[] raw;
        try {
            raw = bytes(rawId);
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
        WebAuthnCredentialProvider provider = provider();
        return credentials().filter(c -> java.util.Arrays.equals(raw, rawIdOf(c, provider))).findFirst();
    }

    /** The authenticator's own id of a stored passkey (Keycloak keeps it in standard base64; WebAuthn speaks base64url). */
    private static byte[] rawIdOf(CredentialModel credential, WebAuthnCredentialProvider provider) {
        return Base64.getDecoder().decode(provider.getCredentialFromModel(credential).getWebAuthnCredentialData().getCredentialId());
    }

    /** Renames one passkey; false when the user has no such passkey. */
    public boolean rename(String id, String label) {
        if (credentials().noneMatch(c -> c.getId().equals(id))) {
            return false;
        }
        user.credentialManager().updateCredentialLabel(id, label);
        return true;
    }

    /** Removes one passkey; false when the user has no such passkey. */
    public boolean remove(String id) {
        if (credentials().noneMatch(c -> c.getId().equals(id)) || !user.credentialManager().removeStoredCredentialById(id)) {
            return false;
        }
        new DurableState(session, realm).forgetPasskeyUse(id);
        return true;
    }

    private List<Map<String, Object>> descriptors() {
        WebAuthnCredentialProvider provider = provider();
        List<Map<String, Object>> descriptors = new ArrayList<>();
        credentials().forEach(credential -> {
            var data = provider.getCredentialFromModel(credential).getWebAuthnCredentialData();
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("type", "public-key");
            descriptor.put("id", ENCODE.encodeToString(rawIdOf(credential, provider)));
            if (data.getTransports() != null && !data.getTransports().isEmpty()) {
                descriptor.put("transports", List.copyOf(data.getTransports()));
            }
            descriptors.add(descriptor);
        });
        return descriptors;
    }

    private java.util.stream.Stream<CredentialModel> credentials() {
        return user.credentialManager().getStoredCredentialsByTypeStream(CREDENTIAL_TYPE);
    }

    private WebAuthnCredentialProvider provider() {
        return (WebAuthnCredentialProvider) session.getProvider(CredentialProvider.class, WebAuthnCredentialProviderFactory.PROVIDER_ID);
    }

    private PasskeyChallenges challenges() {
        return new PasskeyChallenges(session, realm);
    }

    private String displayName() {
        String full = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).trim();
        return full.isEmpty() ? user.getUsername() : full;
    }

    private static byte[] bytes(String base64url) {
        if (base64url == null) {
            throw new IllegalArgumentException("missing");
        }
        return BASE64URL.decode(base64url);
    }
}
