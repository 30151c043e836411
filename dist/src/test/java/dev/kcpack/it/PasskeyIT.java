package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.Burst;
import dev.kcpack.testing.Jwt;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.demo.SoftwarePasskey;
import org.junit.jupiter.api.Test;

/**
 * #20, the factor: a passkey registered over the API (Keycloak's own WebAuthn credential),
 * proving presence for a sudo token and finishing a two-step login, with a software
 * authenticator as the user's device; and the attacker's tries: another origin, a replayed,
 * expired or another user's challenge, a tampered signature, a signature counter that goes
 * back, a device that does not verify its user asking for a sudo token, a removed passkey, a
 * burst of finishes on one challenge.
 */
class PasskeyIT extends RealmTestBase {

    /** A user with one passkey, its authenticator and the first recovery codes. */
    private record Enrolled(TestUser user, String access, SoftwarePasskey device, String passkeyId, JsonNode codes) {
    }

    private SoftwarePasskey device() {
        return new SoftwarePasskey(env.baseUrl());
    }

    private Enrolled enrol() {
        return enrol(device());
    }

    private Enrolled enrol(SoftwarePasskey device) {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        JsonNode options = ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        JsonNode registered = ok(api.post("/2fa/passkey/register", access, Map.of("challengeId",
                options.get("challengeId").asText(), "credential", device.create(options.get("publicKey")), "label", "Laptop")));
        JsonNode passkeys = ok(api.get("/2fa", access)).get("passkeys");
        return new Enrolled(user, access, device, passkeys.get(0).get("id").asText(), registered.get("recoveryCodes"));
    }

    private Http.Answer authenticate(String token, SoftwarePasskey device) {
        JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", token, Map.of()));
        return api.post("/2fa/passkey/authenticate", token, Map.of("challengeId", options.get("challengeId").asText(),
                "credential", device.get(options.get("publicKey"))));
    }

    @Test
    void registerListProveAndRemove() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        JsonNode options = ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        JsonNode publicKey = options.get("publicKey");
        assertEquals(java.net.URI.create(env.baseUrl()).getHost(), publicKey.at("/rp/id").asText(), publicKey.toString());
        assertEquals(43, publicKey.get("challenge").asText().length(), "32 random bytes, base64url");
        assertEquals(0, publicKey.get("excludeCredentials").size());
        SoftwarePasskey device = device();
        JsonNode registered = ok(api.post("/2fa/passkey/register", access, Map.of("challengeId",
                options.get("challengeId").asText(), "credential", device.create(publicKey), "label", "Laptop")));
        assertEquals(10, registered.get("recoveryCodes").size(), "the first factor brings recovery codes");

        JsonNode status = ok(api.get("/2fa", access));
        assertTrue(status.get("enabled").asBoolean(), status.toString());
        assertEquals("Laptop", status.at("/passkeys/0/label").asText(), status.toString());
        assertTrue(status.at("/passkeys/0/lastUsedAt").isMissingNode(), "not used yet: " + status);
        JsonNode credentials = env.admin().send("GET", "/admin/realms/" + realm + "/users/" + user.id() + "/credentials", null).json();
        assertTrue(credentials.toString().contains("\"type\":\"webauthn\""), "Keycloak's own WebAuthn credential: " + credentials);

        assertError(api.post("/2fa/passkey/register/options", access, Map.of()), 401, "Unauthorized", "SUDO_TOKEN_REQUIRED");
        long before = System.currentTimeMillis();
        String sudo = ok(authenticate(access, device)).get("sudoToken").asText();
        String lastUsed = ok(api.get("/2fa", access)).at("/passkeys/0/lastUsedAt").asText();
        assertTrue(java.time.Instant.parse(lastUsed).toEpochMilli() >= before - 2_000, lastUsed);
        JsonNode again = ok(api.post("/2fa/passkey/register/options", sudo, Map.of()));
        assertEquals(1, again.at("/publicKey/excludeCredentials").size(), "the registered passkey is excluded");

        String id = status.at("/passkeys/0/id").asText();
        ok(api.send("PATCH", "/2fa/passkey/" + id, sudo, Map.of("label", "Work laptop")));
        assertEquals("Work laptop", ok(api.get("/2fa", access)).at("/passkeys/0/label").asText());
        ok(api.delete("/2fa/passkey/" + id, sudo));
        JsonNode after = ok(api.get("/2fa", access));
        assertFalse(after.get("enabled").asBoolean(), after.toString());
        assertError(api.delete("/2fa/passkey/" + id, sudo), 401, "Unauthorized", "INVALID_TOKEN");
        // (the sudo token the passkey proved ended with it, as with the other factors)
    }

    @Test
    void aTwoStepLoginFinishesWithThePasskey() {
        Enrolled enrolled = enrol();
        Http.Answer first = env.passwordGrant(enrolled.user(), Map.of());
        assertEquals(401, first.status(), first.body());
        assertEquals(List.of("passkey", "recoveryCode"), Http.JSON.convertValue(first.json().get("methods"), List.class));
        String partial = first.json().get("partialAuthToken").asText();
        JsonNode tokens = ok(authenticate(partial, enrolled.device()));
        JsonNode claims = Jwt.claims(tokens.get("accessToken").asText());
        assertEquals("2", claims.path("acr").asText(), claims.toString());
    }

    @Test
    void theGrantCanCarryThePasskeyOptionsSoAPasskeyFinishesInOneMoreRequest() {
        Enrolled enrolled = enrol();
        assertTrue(env.passwordGrant(enrolled.user(), Map.of()).json().path("passkeyOptions").isMissingNode(),
                "only where the app asks");
        Http.Answer first = env.passwordGrant(enrolled.user(), Map.of("passkey_options", "true"));
        assertEquals(401, first.status(), first.body());
        JsonNode offered = first.json().get("passkeyOptions");
        assertEquals(1, offered.get("publicKey").get("allowCredentials").size(), first.body());
        String partial = first.json().get("partialAuthToken").asText();
        JsonNode tokens = ok(api.post("/2fa/passkey/authenticate", partial, Map.of(
                "challengeId", offered.get("challengeId").asText(),
                "credential", enrolled.device().get(offered.get("publicKey")))));
        assertEquals("2", Jwt.claims(tokens.get("accessToken").asText()).path("acr").asText());
        // Its challenge is single use, as any other.
        Http.Answer second = env.passwordGrant(enrolled.user(), Map.of("passkey_options", "true"));
        JsonNode again = second.json().get("passkeyOptions");
        String otherPartial = second.json().get("partialAuthToken").asText();
        assertEquals(401, api.post("/2fa/passkey/authenticate", otherPartial, Map.of(
                "challengeId", offered.get("challengeId").asText(),
                "credential", enrolled.device().get(offered.get("publicKey")))).status());
        assertTrue(ok(api.post("/2fa/passkey/authenticate", otherPartial, Map.of(
                "challengeId", again.get("challengeId").asText(),
                "credential", enrolled.device().get(again.get("publicKey"))))).hasNonNull("accessToken"));
    }

    @Test
    void whatAnAttackerTries() {
        Enrolled enrolled = enrol();
        // A passkey used from another origin (a phishing page): its client data names that origin.
        SoftwarePasskey phished = device();
        TestUser other = env.newUser(realm);
        String otherAccess = env.accessToken(other);
        JsonNode otherOptions = ok(api.post("/2fa/passkey/register/options", otherAccess, Map.of()));
        phished.useFrom("https://evil.example");
        assertError(api.post("/2fa/passkey/register", otherAccess, Map.of("challengeId", otherOptions.get("challengeId").asText(),
                "credential", phished.create(otherOptions.get("publicKey")))), 400, "Bad Request", "PASSKEY_INVALID");
        // Another user's challenge is no use: it is bound to its user.
        JsonNode mine = ok(api.post("/2fa/passkey/register/options", otherAccess, Map.of()));
        assertError(api.post("/2fa/passkey/register", enrolled.access(), Map.of("challengeId", mine.get("challengeId").asText(),
                "credential", device().create(mine.get("publicKey")))), 400, "Bad Request", "PASSKEY_CHALLENGE_INVALID");

        // A replayed assertion: the challenge was used.
        JsonNode authOptions = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        Map<String, Object> assertion = enrolled.device().get(authOptions.get("publicKey"));
        Map<String, Object> body = Map.of("challengeId", authOptions.get("challengeId").asText(), "credential", assertion);
        ok(api.post("/2fa/passkey/authenticate", enrolled.access(), body));
        assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), body), 401, "Unauthorized", "PASSKEY_INVALID");

        // A tampered signature.
        JsonNode tamperOptions = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        Map<String, Object> tampered = enrolled.device().get(tamperOptions.get("publicKey"));
        @SuppressWarnings("unchecked")
        Map<String, Object> response = new HashMap<>((Map<String, Object>) tampered.get("response"));
        String signature = (String) response.get("signature");
        response.put("signature", (signature.charAt(10) == 'A' ? "B" : "A") + signature.substring(1));
        Map<String, Object> forged = new HashMap<>(tampered);
        forged.put("response", response);
        assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), Map.of("challengeId",
                tamperOptions.get("challengeId").asText(), "credential", forged)), 401, "Unauthorized", "PASSKEY_INVALID");

        // Bad JSON and wrong types: the contract's 400s.
        assertError(api.postRaw("/2fa/passkey/authenticate", enrolled.access(), "{"), 400, "Bad Request", "body is not valid JSON");
        assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), Map.of("challengeId", 5, "credential", Map.of())),
                400, "Bad Request", "challengeId must be string");
    }

    @Test
    void aBurstOfFinishesOnOneChallengeLogsInOnce() {
        Enrolled enrolled = enrol();
        JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        Map<String, Object> body = Map.of("challengeId", options.get("challengeId").asText(),
                "credential", enrolled.device().get(options.get("publicKey")));
        List<Http.Answer> answers = Burst.fire("one passkey challenge", 40,
                i -> api.post("/2fa/passkey/authenticate", enrolled.access(), body));
        assertEquals(1, answers.stream().filter(a -> a.status() == 200).count(), Burst.histogram(answers));
        assertTrue(answers.stream().noneMatch(a -> a.status() >= 500), Burst.histogram(answers));
    }

    @Test
    void aSignatureCounterThatGoesBackIsRefusedAndOneThatStaysAtZeroWorks() {
        Enrolled enrolled = enrol();
        // Two assertions signed in order (counter n+1, then n+2); the later one used first makes
        // the earlier one look like a cloned authenticator's.
        JsonNode earlier = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        Map<String, Object> earlierAssertion = enrolled.device().get(earlier.get("publicKey"));
        JsonNode later = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        ok(api.post("/2fa/passkey/authenticate", enrolled.access(), Map.of("challengeId", later.get("challengeId").asText(),
                "credential", enrolled.device().get(later.get("publicKey")))));
        assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), Map.of("challengeId",
                earlier.get("challengeId").asText(), "credential", earlierAssertion)), 401, "Unauthorized", "PASSKEY_INVALID");
        ok(authenticate(enrolled.access(), enrolled.device()));

        // Synced passkeys often have no counter: 0 every time is no sign of a clone.
        Enrolled synced = enrol(SoftwarePasskey.withoutCounter(env.baseUrl()));
        ok(authenticate(synced.access(), synced.device()));
        ok(authenticate(synced.access(), synced.device()));
    }

    @Test
    void aSudoTokenNeedsAVerifiedUserATwoStepLoginTheRealmsPolicy() {
        Enrolled enrolled = enrol(SoftwarePasskey.withoutUserVerification(env.baseUrl()));
        JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        assertEquals("required", options.at("/publicKey/userVerification").asText(), options.toString());
        assertError(authenticate(enrolled.access(), enrolled.device()), 401, "Unauthorized", "PASSKEY_INVALID");

        // The realm's policy prefers verification but does not require it: a login may use the key.
        String partial = env.passwordGrant(enrolled.user(), Map.of()).json().get("partialAuthToken").asText();
        JsonNode tokens = ok(authenticate(partial, enrolled.device()));
        assertEquals("2", Jwt.claims(tokens.get("accessToken").asText()).path("acr").asText());
    }

    @Test
    void anExpiredChallengeIsRefused() throws InterruptedException {
        Enrolled enrolled = enrol();
        // The realm's WebAuthn timeout is the challenge's life (5 minutes at most): 2 seconds here.
        assertEquals(204, webAuthnTimeout(2).status());
        try {
            JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
            assertEquals(2000, options.at("/publicKey/timeout").asInt(), options.toString());
            Map<String, Object> assertion = enrolled.device().get(options.get("publicKey"));
            Thread.sleep(3_000);
            assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), Map.of("challengeId",
                    options.get("challengeId").asText(), "credential", assertion)), 401, "Unauthorized", "PASSKEY_INVALID");
        } finally {
            assertEquals(204, webAuthnTimeout(0).status());
        }
    }

    /** (Its own user: Keycloak's quick-login check locks a user whose two failures come within a second.) */
    @Test
    void aRemovedPasskeyIsRefusedAtOnce() {
        Enrolled enrolled = enrol();
        // A removed passkey stops working at once, even on a challenge issued before; another stays.
        String sudo = ok(authenticate(enrolled.access(), enrolled.device())).get("sudoToken").asText();
        SoftwarePasskey phone = device();
        JsonNode registration = ok(api.post("/2fa/passkey/register/options", sudo, Map.of()));
        ok(api.post("/2fa/passkey/register", enrolled.access(), Map.of("challengeId", registration.get("challengeId").asText(),
                "credential", phone.create(registration.get("publicKey")), "label", "Phone")));
        JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", enrolled.access(), Map.of()));
        assertEquals(2, options.at("/publicKey/allowCredentials").size(), options.toString());
        ok(api.delete("/2fa/passkey/" + enrolled.passkeyId(), sudo));
        assertError(api.post("/2fa/passkey/authenticate", enrolled.access(), Map.of("challengeId",
                options.get("challengeId").asText(), "credential", enrolled.device().get(options.get("publicKey")))),
                401, "Unauthorized", "PASSKEY_INVALID");
        ok(authenticate(enrolled.access(), phone));
    }

    /** Sets the realm's two-factor WebAuthn timeout (Keycloak replaces the policy only with its RP name given). */
    private Http.Answer webAuthnTimeout(int seconds) {
        return env.admin().send("PUT", "/admin/realms/" + realm, Map.of(
                "webAuthnPolicyRpEntityName", "kcpack tests", "webAuthnPolicyCreateTimeout", seconds));
    }
}
