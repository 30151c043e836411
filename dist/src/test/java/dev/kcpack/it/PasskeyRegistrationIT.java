package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.SoftwarePasskey;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A passkey registered over the API passes the checks Keycloak's own registration makes under
 * the realm's WebAuthn policy: a forged attestation, a key of an algorithm the policy does not
 * allow, an unattested authenticator where the policy lists the models it trusts, and another
 * user's credential id are refused (400 PASSKEY_INVALID) and nothing is stored; the honest
 * answers beside them are taken. Each test on a realm of its own, its policy set by the admin.
 */
class PasskeyRegistrationIT extends RealmTestBase {

    @BeforeEach
    void ownRealm() {
        realm = env.newRealm();
        api = new UserApi(env, realm);
    }

    @Test
    void aForgedAttestationIsRefusedAnHonestOneTaken() {
        // The realm's policy asks for no attestation; an attacker's client sends a packed one anyway, forged.
        TestUser forger = env.newUser(realm);
        JsonNode options = options(forger);
        ObjectNode askingForOne = options.get("publicKey").deepCopy();
        askingForOne.put("attestation", "direct");
        Map<String, Object> forged = SoftwarePasskey.withForgedAttestationSignature(
                SoftwarePasskey.attested(env.baseUrl()).create(askingForOne));
        assertError(register(forger, forged, options), 400, "Bad Request", "PASSKEY_INVALID");
        assertEquals(0, registered(forger));

        // A policy that asks for attestation: a packed one that holds is taken, a forged one is not.
        policy(Map.of("webAuthnPolicyAttestationConveyancePreference", "direct"));
        TestUser honest = env.newUser(realm);
        JsonNode honestOptions = options(honest);
        assertEquals("direct", honestOptions.at("/publicKey/attestation").asText(), honestOptions.toString());
        TestUser second = env.newUser(realm);
        JsonNode secondOptions = options(second);
        assertError(register(second, SoftwarePasskey.withForgedAttestationSignature(
                SoftwarePasskey.attested(env.baseUrl()).create(secondOptions.get("publicKey"))), secondOptions),
                400, "Bad Request", "PASSKEY_INVALID");
        assertEquals(0, registered(second));
        Http.Answer taken = register(honest, SoftwarePasskey.attested(env.baseUrl()).create(honestOptions.get("publicKey")),
                honestOptions);
        assertEquals(200, taken.status(), taken.body());
        assertEquals(1, registered(honest), "a packed attestation that holds is taken");
        // An unattested answer is not what this policy asked for.
        TestUser plain = env.newUser(realm);
        JsonNode plainOptions = options(plain);
        assertError(register(plain, new SoftwarePasskey(env.baseUrl()).create(plainOptions.get("publicKey")), plainOptions),
                400, "Bad Request", "PASSKEY_INVALID");
    }

    @Test
    void aKeyOfAnAlgorithmThePolicyDoesNotAllowIsRefused() {
        // ES256 only; the device can make PS256 keys too (COSE -37), which Keycloak's policies never list.
        policy(Map.of("webAuthnPolicySignatureAlgorithms", List.of("ES256")));
        TestUser user = env.newUser(realm);
        JsonNode options = options(user);
        assertEquals("[-7]", options.at("/publicKey/pubKeyCredParams").findValuesAsText("alg").toString(), options.toString());
        SoftwarePasskey device = new SoftwarePasskey(env.baseUrl());
        assertError(register(user, device.createWithAlgorithm(options.get("publicKey"), -37), options),
                400, "Bad Request", "PASSKEY_INVALID");
        assertEquals(0, registered(user));

        JsonNode again = options(user);
        Http.Answer taken = register(user, device.create(again.get("publicKey")), again);
        assertEquals(200, taken.status(), taken.body());
        assertEquals(1, registered(user), "an ES256 key is taken");
    }

    @Test
    void anAaguidAllowListTakesOnlyAttestedAuthenticatorsOfItsModels() {
        SoftwarePasskey unattested = new SoftwarePasskey(env.baseUrl());
        SoftwarePasskey attested = SoftwarePasskey.attested(env.baseUrl());
        TestUser probe = env.newUser(realm);
        ObjectNode asking = options(probe).get("publicKey").deepCopy();
        asking.put("attestation", "direct");
        String model = SoftwarePasskey.aaguidOf(attested.create(asking));
        String claimed = SoftwarePasskey.aaguidOf(unattested.create(options(probe).get("publicKey")));

        // The models listed, attestation not asked for: an unattested answer claiming a listed model proves nothing.
        policy(Map.of("webAuthnPolicyAcceptableAaguids", List.of(model, claimed)));
        TestUser user = env.newUser(realm);
        JsonNode options = options(user);
        assertError(register(user, unattested.create(options.get("publicKey")), options), 400, "Bad Request", "PASSKEY_INVALID");
        assertEquals(0, registered(user), "a listed AAGUID without an attestation proves nothing");

        // As such a policy should be: attestation asked for; an attested authenticator of a listed model is taken.
        policy(Map.of("webAuthnPolicyAcceptableAaguids", List.of(model), "webAuthnPolicyAttestationConveyancePreference", "direct"));
        JsonNode again = options(user);
        Http.Answer taken = register(user, attested.create(again.get("publicKey")), again);
        assertEquals(200, taken.status(), taken.body());
        assertEquals(1, registered(user));
    }

    @Test
    void anotherUsersCredentialIdIsRefused() {
        TestUser owner = env.newUser(realm);
        JsonNode ownerOptions = options(owner);
        Map<String, Object> ownerPasskey = new SoftwarePasskey(env.baseUrl()).create(ownerOptions.get("publicKey"));
        Http.Answer owned = register(owner, ownerPasskey, ownerOptions);
        assertEquals(200, owned.status(), owned.body());

        TestUser thief = env.newUser(realm);
        JsonNode options = options(thief);
        Map<String, Object> claim = SoftwarePasskey.claimingCredentialId(
                new SoftwarePasskey(env.baseUrl()).create(options.get("publicKey")), (String) ownerPasskey.get("id"));
        assertError(register(thief, claim, options), 400, "Bad Request", "PASSKEY_INVALID");
        assertEquals(0, registered(thief));
        JsonNode again = options(thief);
        Http.Answer own = register(thief, new SoftwarePasskey(env.baseUrl()).create(again.get("publicKey")), again);
        assertEquals(200, own.status(), "the thief's own passkey is taken: " + own.body());
    }

    private JsonNode options(TestUser user) {
        return ok(api.post("/2fa/passkey/register/options", sudoOrAccess(user), Map.of()));
    }

    private Http.Answer register(TestUser user, Map<String, Object> credential, JsonNode options) {
        return api.post("/2fa/passkey/register", sudoOrAccess(user), Map.of("challengeId",
                options.get("challengeId").asText(), "credential", credential));
    }

    /** A fresh login of a user without a factor: the access token stands in for a sudo token. */
    private String sudoOrAccess(TestUser user) {
        return env.accessToken(user);
    }

    /** The user's passkeys as Keycloak's admin REST lists its WebAuthn credentials. */
    private int registered(TestUser user) {
        int count = 0;
        for (JsonNode credential : env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/credentials", null)
                .json()) {
            count += "webauthn".equals(credential.path("type").asText()) ? 1 : 0;
        }
        return count;
    }

    /** Sets parts of the realm's two-factor WebAuthn policy (Keycloak replaces it only with its RP name given). */
    private void policy(Map<String, Object> values) {
        Map<String, Object> body = new HashMap<>(values);
        body.put("webAuthnPolicyRpEntityName", "kcpack tests");
        Http.Answer answer = env.admin().send("PUT", "/admin/realms/" + realm, body);
        assertEquals(204, answer.status(), answer.body());
    }
}
