package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.ChromiumTestBase;
import dev.kcpack.testing.HeadlessChromium;
import dev.kcpack.testing.Jwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * #20 in a real browser: Chromium's virtual authenticator makes a passkey with the API's options
 * ({@code navigator.credentials.create} with WebAuthn's JSON helpers, as the README's example),
 * and the same passkey then signs in on Keycloak's login page through the demo realm's
 * second-factor step. WebAuthn refuses an IP address as RP id, so the browser and the realm's
 * policy use {@code localhost}.
 */
class PasskeyBrowserIT extends ChromiumTestBase {

    private String localBase;

    @BeforeAll
    void localhostRelyingParty() {
        localBase = env.baseUrl().replace("127.0.0.1", "localhost");
        Http.Answer policy = env.admin().send("PUT", "/admin/realms/" + realm, Map.of(
                "webAuthnPolicyRpId", "localhost",
                "webAuthnPolicyExtraOrigins", List.of(localBase),
                "webAuthnPolicyUserVerificationRequirement", "preferred"));
        assertEquals(204, policy.status(), policy.body());
        ((HasVirtualAuthenticator) chromium).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @Test
    void aPasskeyRegisteredOverTheApiSignsInOnTheLoginPage() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        JsonNode options = ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        assertEquals("localhost", options.at("/publicKey/rp/id").asText(), options.toString());

        // The app's page (here a page of Keycloak's origin) runs the README's browser example.
        chromium.get(localBase + "/realms/" + realm + "/.well-known/openid-configuration");
        Object made = ((JavascriptExecutor) chromium).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(arguments[0]))})"
                        + ".then(c => done(JSON.stringify(c.toJSON()))).catch(e => done('ERROR ' + e));",
                options.get("publicKey").toString());
        assertFalse(String.valueOf(made).startsWith("ERROR"), String.valueOf(made));
        JsonNode credential = readJson(String.valueOf(made));
        ok(api.post("/2fa/passkey/register", access, Map.of("challengeId", options.get("challengeId").asText(),
                "credential", credential, "label", "Chromium")));

        // Keycloak's login page: the password, then Keycloak's own WebAuthn step signs with it.
        chromium.get(BrowserLogin.authorizationUrl(localBase, realm));
        HeadlessChromium.type(chromium, By.id("username"), user.username());
        HeadlessChromium.type(chromium, By.id("password"), user.password());
        HeadlessChromium.click(chromium, By.id("kc-login"));
        HeadlessChromium.click(chromium, By.id("authenticateWebAuthnButton"));
        HeadlessChromium.waitForAddress(chromium, BrowserLogin.REDIRECT_URI);
        JsonNode tokens = BrowserLogin.tokens(localBase, realm, chromium.getCurrentUrl());
        JsonNode claims = Jwt.claims(tokens.get("id_token").asText());
        assertEquals("2", claims.path("acr").asText(), claims.toString());
        assertTrue(claims.path("amr").toString().contains("hwk"), claims.toString());
    }

    private static JsonNode readJson(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
