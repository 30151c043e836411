package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** The demo realm's users, one per 2FA state, work as docs/demo.md says. */
class DemoRealmIT extends RealmTestBase {

    /** docs/demo.md's base32 secret of bob's authenticator app. */
    static final String BOB_SECRET = "NNRXAYLDNMWWIZLNN4WWE33CFVQXA4BR";

    private Http.Answer passwordGrant(String username, String password, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", TestEnvironment.CLIENT_ID,
                "username", username, "password", password));
        form.putAll(extra);
        return Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(Http.form(form)).build());
    }

    @SuppressWarnings("unchecked")
    private List<String> methods(String username, String password) {
        Http.Answer answer = passwordGrant(username, password, Map.of());
        assertEquals(401, answer.status(), answer.body());
        return Http.JSON.convertValue(answer.json().get("methods"), List.class);
    }

    @Test
    void aliceHasNoSecondFactor() {
        assertEquals(200, passwordGrant("alice", "Alice-demo-1", Map.of()).status());
    }

    @Test
    void bobHasAnAuthenticatorAppAndRecoveryCodes() {
        assertEquals(List.of("totp", "recoveryCode"), methods("bob", "Bob-demo-1"));
        String code = AuthenticatorApp.fromBase32Secret(BOB_SECRET).code();
        assertEquals(200, passwordGrant("bob", "Bob-demo-1", Map.of("totp", code)).status());
        String partial = passwordGrant("bob", "Bob-demo-1", Map.of()).json().get("partialAuthToken").asText();
        assertFalse(ok(api.post("/2fa/recovery-code/authenticate", partial, Map.of("recoveryCode", "BOBDEMO030000000")))
                .get("accessToken").asText().isEmpty());
    }

    @Test
    void carolGetsCodesByEmail() {
        assertEquals(List.of("emailOtp", "recoveryCode"), methods("carol", "Carol-demo-1"));
        String partial = passwordGrant("carol", "Carol-demo-1", Map.of()).json().get("partialAuthToken").asText();
        Inbox inbox = env.inbox();
        String address = "carol@demo.kcpack.localhost";
        int seen = inbox.count(address);
        ok(api.post("/2fa/email-otp/challenge", partial, Map.of()));
        MimeMessage mail = inbox.awaitNew(address, seen);
        assertFalse(ok(api.post("/2fa/email-otp/authenticate", partial, Map.of("otp", Inbox.code(mail))))
                .get("refreshToken").asText().isEmpty());
    }

    @Test
    void daveHasBoth() {
        assertEquals(List.of("totp", "emailOtp", "recoveryCode"), methods("dave", "Dave-demo-1"));
    }
}
