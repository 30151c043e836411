package dev.kcpack.core.passkey;

import java.util.Base64;
import java.util.List;

import jakarta.persistence.EntityManager;

import com.webauthn4j.WebAuthnRegistrationManager;
import com.webauthn4j.anchor.KeyStoreTrustAnchorRepository;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.util.exception.WebAuthnException;
import com.webauthn4j.verifier.attestation.statement.AttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidkey.AndroidKeyAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidsafetynet.AndroidSafetyNetAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.tpm.TPMAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.DefaultCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.truststore.TruststoreProvider;

/**
 * What a new passkey must pass before it is stored: the checks of Keycloak's own registration
 * (its {@code webauthn-register} required action, as of 26.7) under the realm's WebAuthn policy,
 * on every supported Keycloak (26.4's own registration checks less: no algorithm, and an AAGUID
 * allow-list that a {@code none} attestation passes).
 *
 * <ul>
 *   <li>The attestation statement is verified by its format's verifier (packed, TPM, Android key,
 *       SafetyNet, FIDO U2F), its certificate path against Keycloak's truststore where it has one;
 *       {@code none} is taken only where the policy's conveyance asks for none (or names none).</li>
 *   <li>The key's algorithm is one of the policy's.</li>
 *   <li>With an AAGUID allow-list, only an attested authenticator of a listed model: no {@code none}
 *       and no self attestation, which any software can make up.</li>
 *   <li>A credential id that a user of the realm already holds (this user or another) is refused:
 *       a client may put any id in an unattested answer, and two users with one id would make the
 *       passkey sign-in find the wrong one.</li>
 * </ul>
 */
final class RegistrationChecks {

    private static final List<String> WEBAUTHN_TYPES =
            List.of(WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RelyingParty rp;

    RegistrationChecks(KeycloakSession session, RealmModel realm, RelyingParty rp) {
        this.session = session;
        this.realm = realm;
        this.rp = rp;
    }

    /** Parses and verifies the answer; a {@link WebAuthnException} names what does not hold. */
    RegistrationData verify(RegistrationRequest request, String challenge) {
        WebAuthnRegistrationManager manager = manager();
        RegistrationData data = manager.parse(request);
        manager.verify(data, new RegistrationParameters(rp.serverProperty(challenge), algorithms(),
                rp.userVerificationRequired(), true));
        List<String> aaguids = rp.acceptableAaguids();
        if (!aaguids.isEmpty()) {
            if (NoneAttestationStatement.FORMAT.equals(data.getAttestationObject().getFormat())) {
                throw new WebAuthnException("the policy's AAGUID allow-list needs an attestation other than 'none'");
            }
            String aaguid = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData().getAaguid().toString();
            if (!aaguids.contains(aaguid)) {
                throw new WebAuthnException("an authenticator model (AAGUID) the policy does not allow");
            }
        }
        return data;
    }

    /** Whether a user of the realm holds a WebAuthn credential of this raw id (Keycloak keeps it in base64). */
    boolean heldInRealm(byte[] credentialId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        String stored = Base64.getEncoder().encodeToString(credentialId);
        return em.createQuery("select count(c) from CredentialEntity c where c.user.realmId = :realmId"
                        + " and c.type in :types and c.credentialData like :data", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("types", WEBAUTHN_TYPES)
                .setParameter("data", "%\"credentialId\":\"" + stored + "\"%")
                .getSingleResult() > 0;
    }

    private List<PublicKeyCredentialParameters> algorithms() {
        return rp.algorithms().stream()
                .map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(a)))
                .toList();
    }

    /** Keycloak's own choice of verifiers for the policy (WebAuthnRegister.createWebAuthnRegistrationManager). */
    private WebAuthnRegistrationManager manager() {
        List<AttestationStatementVerifier> verifiers = new java.util.ArrayList<>();
        if ("none".equals(rp.attestation())) {
            verifiers.add(new NoneAttestationStatementVerifier());
        }
        verifiers.add(new PackedAttestationStatementVerifier());
        verifiers.add(new TPMAttestationStatementVerifier());
        verifiers.add(new AndroidKeyAttestationStatementVerifier());
        verifiers.add(new AndroidSafetyNetAttestationStatementVerifier());
        verifiers.add(new FIDOU2FAttestationStatementVerifier());
        DefaultSelfAttestationTrustworthinessVerifier self = new DefaultSelfAttestationTrustworthinessVerifier();
        self.setSelfAttestationAllowed(rp.acceptableAaguids().isEmpty());
        return new WebAuthnRegistrationManager(verifiers, certificatePaths(), self, List.of(), new ObjectConverter());
    }

    /** Attestation certificates chain to Keycloak's truststore where one is set up, as in its WebAuthnRegisterFactory. */
    private CertPathTrustworthinessVerifier certificatePaths() {
        TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
        if (truststore == null || truststore.getTruststore() == null) {
            return new NullCertPathTrustworthinessVerifier();
        }
        return new DefaultCertPathTrustworthinessVerifier(new KeyStoreTrustAnchorRepository(truststore.getTruststore()));
    }
}
