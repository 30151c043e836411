package dev.kcpack.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.PackedAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.test.TestAttestationUtil;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnModelAuthenticator;
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
        this(origin, new NoneAttestationAuthenticator(AAGUID.ZERO, 0, verifiesUser, new ObjectConverter()), verifiesUser, counts);
    }

    private SoftwarePasskey(String origin, WebAuthnModelAuthenticator authenticator, boolean verifiesUser, boolean counts) {
        authenticator.setCountUpEnabled(counts);
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
        this.verifiesUser = verifiesUser;
    }

    /** A security key with a {@code packed} attestation: its answer is signed by an attestation key certified by webauthn4j's test CA. */
    public static SoftwarePasskey attested(String origin) {
        return new SoftwarePasskey(origin, new PackedAuthenticator(), true, true);
    }

    /**
     * Writes the root certificate of {@link #attested} devices' attestations (webauthn4j's test CA)
     * as a PEM file in {@code dir}: a Keycloak given it in {@code --truststore-paths} trusts them,
     * as a realm trusts a vendor's root.
     */
    public static Path writeAttestationRoot(Path dir) {
        try {
            Path pem = dir.resolve("webauthn4j-test-root-ca.pem");
            Files.createDirectories(dir);
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(TestAttestationUtil.load3tierTestRootCACertificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return pem;
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code navigator.credentials.create} by a client that asks the authenticator for a key of
     * {@code coseAlgorithm}, whatever the server's options allow.
     */
    public Map<String, Object> createWithAlgorithm(JsonNode publicKey, long coseAlgorithm) {
        ObjectNode changed = publicKey.deepCopy();
        changed.putArray("pubKeyCredParams").addObject().put("type", "public-key").put("alg", coseAlgorithm);
        return create(changed);
    }

    /** The answer {@code credential} of {@link #create} with its attestation statement's signature altered: a forged attestation. */
    public static Map<String, Object> withForgedAttestationSignature(Map<String, Object> credential) {
        return rewritten(credential, null, object -> {
            PackedAttestationStatement packed = (PackedAttestationStatement) object.getAttestationStatement();
            byte[] sig = packed.getSig().clone();
            sig[sig.length / 2] ^= 0x01;
            return new AttestationObject(object.getAuthenticatorData(),
                    new PackedAttestationStatement(packed.getAlg(), sig, packed.getX5c()));
        });
    }

    /**
     * The answer {@code credential} of {@link #create} claiming the credential id {@code credentialId}
     * (base64url) instead of its own: with a {@code none} attestation nothing signed says otherwise.
     */
    public static Map<String, Object> claimingCredentialId(Map<String, Object> credential, String credentialId) {
        byte[] id = Base64.getUrlDecoder().decode(credentialId);
        return rewritten(credential, credentialId, object -> {
            AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = object.getAuthenticatorData();
            AttestedCredentialData attested = data.getAttestedCredentialData();
            return new AttestationObject(new AuthenticatorData<>(data.getRpIdHash(), data.getFlags(), data.getSignCount(),
                    new AttestedCredentialData(attested.getAaguid(), id, attested.getCOSEKey()), data.getExtensions()),
                    object.getAttestationStatement());
        });
    }

    /** The authenticator model (AAGUID) an answer of {@link #create} claims. */
    @SuppressWarnings("unchecked")
    public static String aaguidOf(Map<String, Object> credential) {
        String object = (String) ((Map<String, Object>) credential.get("response")).get("attestationObject");
        return new AttestationObjectConverter(new ObjectConverter()).convert(Base64.getUrlDecoder().decode(object))
                .getAuthenticatorData().getAttestedCredentialData().getAaguid().toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rewritten(Map<String, Object> credential, String newId,
                                                 java.util.function.UnaryOperator<AttestationObject> change) {
        AttestationObjectConverter objects = new AttestationObjectConverter(new ObjectConverter());
        Map<String, Object> response = new LinkedHashMap<>((Map<String, Object>) credential.get("response"));
        AttestationObject object = objects.convert(Base64.getUrlDecoder().decode((String) response.get("attestationObject")));
        response.put("attestationObject", B64.encodeToString(objects.convertToBytes(change.apply(object))));
        Map<String, Object> changed = new LinkedHashMap<>(credential);
        changed.put("response", response);
        if (newId != null) {
            changed.put("id", newId);
            changed.put("rawId", newId);
        }
        return changed;
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
