package dev.kcpack.demo;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;

/**
 * The user's device in the passkey tests: webauthn4j's software authenticator behind a client
 * platform (the browser's part: client data with the origin), fed the server's options JSON
 * and answering what {@code credential.toJSON()} gives an app.
 */
public final class SoftwarePasskey {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final ObjectConverter converter = new ObjectConverter();
    private final ClientPlatform platform;
    private final boolean verifiesUser;

    /** An authenticator (its keys stay in it) used from a page or app of {@code origin}: it verifies its user and counts signatures. */
    public SoftwarePasskey(String origin) {
        this(origin, true, true);
    }

    /** A security key that can only tell a user is present (no PIN, no biometrics): its answers never say "verified". */
    public static SoftwarePasskey withoutUserVerification(String origin) {
        return new SoftwarePasskey(origin, false, true);
    }

    /** An authenticator without a signature counter: it always says 0, as many synced passkeys do. */
    public static SoftwarePasskey withoutCounter(String origin) {
        return new SoftwarePasskey(origin, true, false);
    }

    private SoftwarePasskey(String origin, boolean verifiesUser, boolean counts) {
        NoneAttestationAuthenticator authenticator =
                new NoneAttestationAuthenticator(AAGUID.ZERO, 0, verifiesUser, new ObjectConverter());
        authenticator.setCountUpEnabled(counts);
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
        this.verifiesUser = verifiesUser;
    }

    /** The same authenticator used from another origin (a phishing page, say). */
    public void useFrom(String origin) {
        platform.setOrigin(new Origin(origin));
    }

    /** {@code navigator.credentials.create({publicKey})}, as {@code RegistrationResponseJSON}. */
    public Map<String, Object> create(JsonNode publicKey) {
        PublicKeyCredentialCreationOptions options = converter.getJsonConverter()
                .readValue(withoutVerification(publicKey, "/authenticatorSelection").toString(), PublicKeyCredentialCreationOptions.class);
        PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential = platform.create(options);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(credential.getResponse().getClientDataJSON()));
        response.put("attestationObject", B64.encodeToString(credential.getResponse().getAttestationObject()));
        response.put("transports", List.of("internal"));
        return credential(credential.getRawId(), response);
    }

    /** {@code navigator.credentials.get({publicKey})}, as {@code AuthenticationResponseJSON}. */
    public Map<String, Object> get(JsonNode publicKey) {
        PublicKeyCredentialRequestOptions options = converter.getJsonConverter()
                .readValue(withoutVerification(publicKey, "").toString(), PublicKeyCredentialRequestOptions.class);
        PublicKeyCredential<AuthenticatorAssertionResponse, ?> credential = platform.get(options);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(credential.getResponse().getClientDataJSON()));
        response.put("authenticatorData", B64.encodeToString(credential.getResponse().getAuthenticatorData()));
        response.put("signature", B64.encodeToString(credential.getResponse().getSignature()));
        byte[] userHandle = credential.getResponse().getUserHandle();
        response.put("userHandle", userHandle == null ? null : B64.encodeToString(userHandle));
        return credential(credential.getRawId(), response);
    }

    /**
     * What a device that cannot verify its user does with the server's request for it: it goes
     * on without (the server must tell from the flags, not trust the options it sent).
     */
    private JsonNode withoutVerification(JsonNode publicKey, String selection) {
        if (verifiesUser) {
            return publicKey;
        }
        JsonNode copy = publicKey.deepCopy();
        JsonNode where = copy.at(selection);
        if (where instanceof ObjectNode node) {
            node.put("userVerification", "discouraged");
        }
        return copy;
    }

    private static Map<String, Object> credential(byte[] rawId, Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", B64.encodeToString(rawId));
        credential.put("rawId", B64.encodeToString(rawId));
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("clientExtensionResults", Map.of());
        return credential;
    }
}
