package dev.kcpack.core.passkey;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.WebAuthnPolicy;

/**
 * The realm as a WebAuthn relying party, from Keycloak's own two-factor WebAuthn policy (Realm
 * settings → Authentication → Policies → Webauthn Policy), so a passkey made over the API and
 * one made on Keycloak's pages are the same thing: RP id (empty: the host Keycloak is reached
 * at), the origins a ceremony may come from (Keycloak's own and the policy's extra origins: an
 * app's web origin, {@code android:apk-key-hash:…} for an Android app), algorithms,
 * attestation, authenticator attachment, resident key and user verification.
 */
public final class RelyingParty {

    private final WebAuthnPolicy policy;
    private final String id;
    private final String name;
    private final Set<Origin> origins;

    private RelyingParty(WebAuthnPolicy policy, String id, String name, Set<Origin> origins) {
        this.policy = policy;
        this.id = id;
        this.name = name;
        this.origins = origins;
    }

    public static RelyingParty of(KeycloakSession session, RealmModel realm) {
        WebAuthnPolicy policy = realm.getWebAuthnPolicy();
        URI base = session.getContext().getUri().getBaseUri();
        String id = policy.getRpId() == null || policy.getRpId().isBlank() ? base.getHost() : policy.getRpId();
        String name = policy.getRpEntityName() == null || policy.getRpEntityName().isBlank()
                ? realm.getName() : policy.getRpEntityName();
        Set<Origin> origins = new LinkedHashSet<>();
        origins.add(new Origin(base.getScheme() + "://" + base.getAuthority()));
        if (policy.getExtraOrigins() != null) {
            policy.getExtraOrigins().stream().filter(o -> o != null && !o.isBlank()).map(Origin::new).forEach(origins::add);
        }
        return new RelyingParty(policy, id, name, origins);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** What webauthn4j checks a ceremony's client data and authenticator data against. */
    ServerProperty serverProperty(String challenge) {
        return new ServerProperty(origins, id, new DefaultChallenge(challenge));
    }

    /** The policy's algorithms as COSE identifiers (ES256 when it names none). */
    List<Long> algorithms() {
        List<String> names = policy.getSignatureAlgorithm();
        if (names == null || names.isEmpty()) {
            return List.of(-7L);
        }
        return names.stream().map(RelyingParty::cose).filter(a -> a != 0).toList();
    }

    private static long cose(String algorithm) {
        return switch (algorithm) {
            case "ES256" -> -7;
            case "ES384" -> -35;
            case "ES512" -> -36;
            case "RS256" -> -257;
            case "RS384" -> -258;
            case "RS512" -> -259;
            case "Ed25519" -> -8;
            case "RS1" -> -65535;
            default -> 0;
        };
    }

    /** The policy's user verification: {@code required}, {@code preferred} or {@code discouraged}. */
    String userVerification() {
        return specified(policy.getUserVerificationRequirement(), "preferred");
    }

    boolean userVerificationRequired() {
        return "required".equals(userVerification());
    }

    String attestation() {
        return specified(policy.getAttestationConveyancePreference(), "none");
    }

    /** {@code platform}, {@code cross-platform}, or null for either. */
    String attachment() {
        return specified(policy.getAuthenticatorAttachment(), null);
    }

    /** {@code required} where the policy asks for a resident key, else {@code preferred}: a passkey is discoverable where it can be. */
    String residentKey() {
        return "Yes".equalsIgnoreCase(policy.getRequireResidentKey()) ? "required" : "preferred";
    }

    /**
     * How long a ceremony may take: the policy's timeout (Keycloak's one setting for it, "0"
     * meaning its default), at most 5 minutes. Both the browser's hint and the challenge's life.
     */
    int ceremonySeconds() {
        int seconds = policy.getCreateTimeout();
        return seconds > 0 ? Math.min(seconds, PasskeyChallenges.LIFESPAN_SECONDS) : PasskeyChallenges.LIFESPAN_SECONDS;
    }

    int timeoutMillis() {
        return ceremonySeconds() * 1000;
    }

    List<String> acceptableAaguids() {
        return policy.getAcceptableAaguids() == null ? List.of() : policy.getAcceptableAaguids();
    }

    private static String specified(String value, String fallback) {
        return value == null || value.isBlank() || Constants.DEFAULT_WEBAUTHN_POLICY_NOT_SPECIFIED.equals(value)
                ? fallback : value;
    }
}
