package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Burst;
import dev.kcpack.testing.ChromiumTestBase;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.Jwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * #20 in a real browser: Chromium's virtual authenticator makes a passkey with the API's options
 * ({@code navigator.credentials.create} with WebAuthn's JSON helpers, as the example in docs/passkeys.md),
 * and the same passkey then signs in on Keycloak's login page through the demo realm's
 * second-factor step; and one made in the Account Console (Keycloak's WebAuthn required action)
 * finishes a two-step login over the API; and the login page's own passkey button and autofill
 * sign a user in with the passkey alone where the realm allows it. WebAuthn refuses an IP address as RP id, so the
 * browser and the realm's policy use {@code localhost}.
 */
class PasskeyBrowserIT extends ChromiumTestBase {

    private String localBase;
    private VirtualAuthenticator device;
    private String autofillOff;

    @BeforeAll
    void localhostRelyingParty() {
        localBase = env.baseUrl().replace("127.0.0.1", "localhost");
        // Keycloak replaces the whole two-factor policy, and only when the RP name is given.
        Http.Answer policy = env.admin().send("PUT", "/admin/realms/" + realm, Map.of(
                "webAuthnPolicyRpEntityName", "kcpack tests",
                "webAuthnPolicyRpId", "localhost",
                "webAuthnPolicyExtraOrigins", List.of(localBase),
                "webAuthnPolicyUserVerificationRequirement", "preferred"));
        assertEquals(204, policy.status(), policy.body());
        withoutAutofill();
    }

    /**
     * Each test is another user with a new device: no Keycloak session of the one before, and
     * no passkey of another user that the login page's autofill could offer.
     */
    @BeforeEach
    void signedOutWithANewDevice() {
        chromium.get(localBase + "/realms/" + realm + "/.well-known/openid-configuration");
        chromium.manage().deleteAllCookies();
        HasVirtualAuthenticator devices = (HasVirtualAuthenticator) chromium;
        if (device != null) {
            devices.removeVirtualAuthenticator(device);
        }
        device = devices.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    /**
     * Chromium's virtual authenticator answers the login page's passkey autofill at once, where a
     * person would pick the passkey from the username field's suggestions or not: the page is told
     * autofill is unavailable (Keycloak's script then offers only its button), except where a test
     * lets it run.
     */
    private void withoutAutofill() {
        autofillOff = ((ChromiumDriver) chromium).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "if (window.PublicKeyCredential) { PublicKeyCredential.isConditionalMediationAvailable = async () => false; }"))
                .get("identifier").toString();
    }

    @Test
    void aPasskeyRegisteredOverTheApiSignsInOnTheLoginPage() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertEquals("localhost", ok(api.post("/2fa/passkey/register/options", access, Map.of())).at("/publicKey/rp/id").asText());
        // The app's page (here a page of Keycloak's origin) runs the browser example of docs/passkeys.md.
        registerInThePage(access);

        // Keycloak's login page: the password, then Keycloak's own WebAuthn step signs with it.
        chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
        passwordThenThePasskeyStep(user);
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        JsonNode tokens = BrowserLogin.tokens(localBase, realm, chromium.getCurrentUrl());
        JsonNode claims = Jwt.claims(tokens.get("id_token").asText());
        assertEquals("2", claims.path("acr").asText(), claims.toString());
        assertTrue(claims.path("amr").toString().contains("hwk"), claims.toString());
        assertUseShownOverTheApi(tokens);
    }

    @Test
    void aPasskeyRegisteredInTheAccountConsoleWorksOverTheApi() {
        TestUser user = env.newUser(realm);
        chromium.get(localBase + "/realms/" + realm + "/account/account-security/signing-in");
        HeadlessChromium.type(chromium, By.id("username"), user.username());
        HeadlessChromium.type(chromium, By.id("password"), user.password());
        HeadlessChromium.click(chromium, By.id("kc-login"));
        // The console's "Set up Passkey" (Two-factor authentication; 26.4 and 26.7 alike) sends the user to Keycloak's WebAuthn required action.
        HeadlessChromium.click(chromium, By.cssSelector("[data-testid='webauthn/create']"));
        HeadlessChromium.waitFor(chromium, By.id("registerWebAuthn"));
        // Keycloak's page asks for the label with window.prompt, which a headless browser cannot answer.
        ((JavascriptExecutor) chromium).executeScript("window.prompt = () => 'Console key';");
        HeadlessChromium.click(chromium, By.id("registerWebAuthn"));
        HeadlessChromium.waitForText(chromium, "Console key");

        // Over the API: the password grant asks for the second factor, the passkey gives it.
        Http.Answer first = env.passwordGrant(user, Map.of());
        assertEquals(401, first.status(), first.body());
        assertTrue(first.json().get("methods").toString().contains("passkey"), first.body());
        String partial = first.json().get("partialAuthToken").asText();
        JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", partial, Map.of()));
        assertEquals(1, options.at("/publicKey/allowCredentials").size(), options.toString());
        JsonNode assertion = inThePage("navigator.credentials.get({publicKey: "
                + "PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(arguments[0]))})", options.get("publicKey"));
        JsonNode tokens = ok(api.post("/2fa/passkey/authenticate", partial, Map.of(
                "challengeId", options.get("challengeId").asText(), "credential", assertion)));
        String access = tokens.get("accessToken").asText();
        assertEquals("2", Jwt.claims(access).path("acr").asText(), Jwt.claims(access).toString());
        assertEquals("Console key", ok(api.get("/2fa", access)).at("/passkeys/0/label").asText());
    }

    @Test
    void theLoginStepAndTheApiShareOneLimiter() {
        packLimiterAlone(() -> {
            TestUser user = lockedOverTheApi();
            // The login page: the right passkey now waits for the lock the API's failures set.
            chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
            passwordThenThePasskeyStep(user);
            HeadlessChromium.waitForText(chromium, "Too many failed sign-in attempts");
            assertFalse(chromium.getCurrentUrl().startsWith(BrowserLogin.REDIRECT_URI), chromium.getCurrentUrl());
        });
    }

    @Test
    void aPasskeyAloneSignsInOnTheLoginPage() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        registerInThePage(access);

        // The login page's own passkey button (the realm's passkeySignIn is on): no username, no password.
        chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
        HeadlessChromium.waitFor(chromium, By.id("username"));
        HeadlessChromium.click(chromium, By.id("authenticateWebAuthnButton"));
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        JsonNode tokens = BrowserLogin.tokens(localBase, realm, chromium.getCurrentUrl());
        JsonNode claims = Jwt.claims(tokens.get("id_token").asText());
        assertEquals(user.username(), claims.path("preferred_username").asText(), claims.toString());
        // Two factors in one gesture (a verified user on their own device): the realm's 2FA level, no second page.
        assertEquals("2", claims.path("acr").asText(), claims.toString());
        // No password was typed: the pack's AMR mapper leaves out the form's reference (Keycloak's would list pwd).
        assertEquals(List.of("hwk"), Jwt.amr(tokens.get("id_token").asText()), claims.toString());
        assertUseShownOverTheApi(tokens);
    }

    @Test
    void thePasskeyAutofillSignsIn() {
        TestUser user = env.newUser(realm);
        registerInThePage(env.accessToken(user));
        ((ChromiumDriver) chromium).executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                Map.of("identifier", autofillOff));
        try {
            // The page asks for a passkey by autofill as it loads; the device's one passkey is picked.
            chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
            HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
            JsonNode claims = Jwt.claims(BrowserLogin.tokens(localBase, realm, chromium.getCurrentUrl()).get("id_token").asText());
            assertEquals(user.username(), claims.path("preferred_username").asText(), claims.toString());
            assertEquals("2", claims.path("acr").asText(), claims.toString());
        } finally {
            withoutAutofill();
        }
    }

    @Test
    void theLoginPageOffersNoPasskeyWhereTheRealmSaysNo() {
        env.admin().setPackSettings(realm, Map.of("passkeySignIn", "false"));
        try {
            TestUser user = env.newUser(realm);
            registerInThePage(env.accessToken(user));
            chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
            HeadlessChromium.waitFor(chromium, By.id("kc-login"));
            assertTrue(chromium.findElements(By.id("authenticateWebAuthnButton")).isEmpty(), HeadlessChromium.pageText(chromium));
            // The password still signs in, and the passkey is then the second factor.
            passwordThenThePasskeyStep(user);
            HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        } finally {
            env.admin().setPackSettings(realm, Map.of("passkeySignIn", "true"));
        }
    }

    @Test
    void aLockedPasskeyDoorHoldsOnTheLoginPagesSignIn() {
        packLimiterAlone(() -> {
            TestUser user = lockedOverTheApi();
            chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
            HeadlessChromium.waitFor(chromium, By.id("username"));
            HeadlessChromium.click(chromium, By.id("authenticateWebAuthnButton"));
            HeadlessChromium.waitForText(chromium, "Too many failed sign-in attempts");
            assertFalse(chromium.getCurrentUrl().startsWith(BrowserLogin.REDIRECT_URI), chromium.getCurrentUrl());
        });
    }

    @Test
    void theLoginPagesPasskeyAnswersShareTheBudgetOfTheAddress() {
        TestUser user = env.newUser(realm);
        registerInThePage(env.accessToken(user));
        // This browser's address has spent its budget (through the API, as the same client): the page refuses too.
        env.admin().setPackSettings(realm, Map.of("passkeySignInsPerAddress", "1"));
        try {
            Burst.awaitRoomInTheMinute();
            // Spend what is left of it this minute (the class's other tests sign in from this address too).
            Http.Answer options = null;
            for (int i = 0; i < 3 && (options == null || options.status() == 200); i++) {
                options = api.post("/passkey/sign-in/options", null, Map.of("clientId", PackStack.CLIENT_ID));
            }
            assertEquals(429, options.status(), options.body());
            chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
            HeadlessChromium.waitFor(chromium, By.id("username"));
            HeadlessChromium.click(chromium, By.id("authenticateWebAuthnButton"));
            HeadlessChromium.waitForText(chromium, "Too many failed sign-in attempts");
            assertFalse(chromium.getCurrentUrl().startsWith(BrowserLogin.REDIRECT_URI), chromium.getCurrentUrl());
        } finally {
            env.admin().setPackSettings(realm, Map.of("passkeySignInsPerAddress", "60"));
        }
    }

    /** The login page's use of the passkey shows over the API (asked at the address the token was issued for). */
    private void assertUseShownOverTheApi(JsonNode tokens) {
        JsonNode factors = ok(Http.send(Http.request(localBase + "/realms/" + realm + "/user/2fa")
                .header("Authorization", "Bearer " + tokens.get("access_token").asText()).GET().build()));
        assertFalse(factors.at("/passkeys/0/lastUsedAt").asText().isEmpty(), factors.toString());
    }

    /** A new user with a passkey whose door five forged answers over the API have locked. */
    private TestUser lockedOverTheApi() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        registerInThePage(access);
        forgeFiveTimesOverTheApi(access);
        return user;
    }

    /**
     * On the login page: the password, then the second-factor page's passkey button (the first
     * page has a passkey button of its own, for the sign-in alone: the second page's is pressed).
     */
    private void passwordThenThePasskeyStep(TestUser user) {
        HeadlessChromium.type(chromium, By.id("username"), user.username());
        HeadlessChromium.type(chromium, By.id("password"), user.password());
        HeadlessChromium.click(chromium, By.id("kc-login"));
        HeadlessChromium.waitForGone(chromium, By.id("password"));
        HeadlessChromium.click(chromium, By.id("authenticateWebAuthnButton"));
    }

    /** Registers a passkey of the virtual authenticator over the API, as the example in docs/passkeys.md does. */
    private void registerInThePage(String access) {
        JsonNode options = ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        JsonNode credential = inThePage("navigator.credentials.create({publicKey: "
                + "PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(arguments[0]))})", options.get("publicKey"));
        ok(api.post("/2fa/passkey/register", access, Map.of("challengeId", options.get("challengeId").asText(),
                "credential", credential, "label", "Chromium")));
    }

    /** Five forged assertions over the API (the device's, with another signature): the pack's first lock. */
    private void forgeFiveTimesOverTheApi(String access) {
        for (int i = 0; i < 5; i++) {
            JsonNode options = ok(api.post("/2fa/passkey/authenticate/options", access, Map.of()));
            JsonNode forged = inThePage("navigator.credentials.get({publicKey: "
                    + "PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(arguments[0]))})", options.get("publicKey"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) forged.get("response")).put("signature", "AAAA");
            Http.Answer refused = api.post("/2fa/passkey/authenticate", access,
                    Map.of("challengeId", options.get("challengeId").asText(), "credential", forged));
            assertEquals(401, refused.status(), refused.body());
        }
    }

    /** Runs a WebAuthn call (a promise of a credential) on {@code json} in the page, as an app would; its {@code toJSON()}. */
    private JsonNode inThePage(String call, JsonNode json) {
        Object answer = ((JavascriptExecutor) chromium).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + call + ".then(c => done(JSON.stringify(c.toJSON()))).catch(e => done('ERROR ' + e));",
                json.toString());
        assertFalse(String.valueOf(answer).startsWith("ERROR"), String.valueOf(answer));
        return readJson(String.valueOf(answer));
    }

    private static JsonNode readJson(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
