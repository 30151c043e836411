package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A change of how a user signs in ends the user's other sessions, online and offline, as
 * Keycloak's own update-password page does by default, and keeps the caller's own: a password
 * change (unless kept), a reset by code (always, all of them), enrolling and removing a factor
 * (unless kept). Ended sessions no longer refresh ({@code invalid_grant}), their sudo tokens die
 * with them, and the notice names what was ended.
 */
class OtherSessionsIT extends RealmTestBase {

    /** One login of a user: its tokens. */
    private record Login(String access, String refresh) {
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsOfflineOnesTooAndKeepsTheCallers() {
        TestUser user = verifiedUser();
        Login caller = login(user, "openid");
        Login other = login(user, "openid");
        Login offline = login(user, "openid offline_access");

        int seen = (int) inbox.noticeKinds(user.email()).stream().filter("passwordChanged"::equals).count();
        String newPassword = "New-" + user.password();
        ok(api.send("PUT", "/password/old-password", caller.access(),
                Map.of("oldPassword", user.password(), "newPassword", newPassword)));

        assertEnded(other);
        assertEnded(offline);
        assertRefreshes(caller);
        MimeMessage notice = inbox.awaitNotice(user.email(), "passwordChanged", seen);
        String text = Inbox.text(notice);
        assertTrue(text.contains("(2)") && text.contains("(offline)"), "names the two ended sessions: " + text);
    }

    @Test
    void aPasswordChangeMayKeepTheOtherSessions() {
        TestUser user = verifiedUser();
        Login caller = login(user, "openid");
        Login other = login(user, "openid");
        ok(api.send("PUT", "/password/old-password", caller.access(),
                Map.of("oldPassword", user.password(), "newPassword", "New-" + user.password(), "keepOtherSessions", true)));
        assertRefreshes(other);
        assertRefreshes(caller);
        assertError(api.send("PUT", "/password/old-password", caller.access(),
                Map.of("oldPassword", "x", "newPassword", "New-" + user.password(), "keepOtherSessions", "yes")),
                400, "Bad Request", "keepOtherSessions must be boolean");
    }

    @Test
    void aResetByCodeEndsEverySessionOfflineIncluded() {
        TestUser user = verifiedUser();
        Login online = login(user, "openid");
        Login offline = login(user, "openid offline_access");
        MimeMessage mail = inbox.after(user.email(),
                () -> ok(api.post("/password/reset/send", null, Map.of("email", user.email()))));
        ok(api.send("PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", Inbox.code(mail), "newPassword", "Reset-" + user.password())));
        assertEnded(online);
        assertEnded(offline);
    }

    @Test
    void enrollingAndRemovingAFactorEndTheOthersUnlessKeptAndTheirSudoTokensDie() {
        TestUser user = verifiedUser();
        Login caller = login(user, "openid");
        Login other = login(user, "openid");
        Login offline = login(user, "openid offline_access");

        JsonNode codes = enrolTotp(caller, true);
        assertRefreshes(other);
        assertRefreshes(offline);

        // Sudo tokens of two sessions; the removal, by default, ends the other one and its sudo token.
        String otherSudo = sudo(other, codes.get(0).asText());
        String callerSudo = sudo(caller, codes.get(1).asText());
        ok(api.delete("/2fa/trusted-devices", otherSudo));
        ok(api.delete("/2fa/totp", callerSudo));
        assertEnded(other);
        assertEnded(offline);
        assertRefreshes(caller);
        assertError(api.delete("/2fa/trusted-devices", otherSudo), 401, "Unauthorized", "INVALID_TOKEN");

        // Enrolling without keeping ends the others too; the caller's login goes on.
        Login third = login(user, "openid");
        Login enrolling = login(user, "openid");
        enrolTotp(enrolling, false);
        assertEnded(third);
        assertRefreshes(enrolling);
    }

    @Test
    void removingWithKeepOtherSessionsInTheQueryKeepsThem() {
        TestUser user = verifiedUser();
        Login caller = login(user, "openid");
        JsonNode codes = enrolTotp(caller, false);
        Login other = login(user, "openid", codes.get(0).asText());
        String sudo = sudo(caller, codes.get(1).asText());
        ok(api.delete("/2fa/totp?keepOtherSessions=true", sudo));
        assertRefreshes(other);
    }

    /** Sets up and enables TOTP with the login's access token; its first recovery codes. */
    private JsonNode enrolTotp(Login login, boolean keepOtherSessions) {
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", login.access(), Map.of())).get("url").asText());
        return ok(api.post("/2fa/totp/enable", login.access(),
                Map.of("totp", app.code(), "keepOtherSessions", keepOtherSessions))).get("recoveryCodes");
    }

    private TestUser verifiedUser() {
        TestUser user = env.newUser(realm);
        Http.Answer verified = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("emailVerified", true));
        assertEquals(204, verified.status(), verified.body());
        return user;
    }

    private Login login(TestUser user, String scope) {
        return login(user, scope, null);
    }

    /** A password grant; with {@code recoveryCode}, a user with 2FA signs in in one request. */
    private Login login(TestUser user, String scope, String recoveryCode) {
        Map<String, String> form = new java.util.HashMap<>(Map.of("grant_type", "password",
                "client_id", TestEnvironment.CLIENT_ID, "scope", scope, "username", user.username(),
                "password", user.password()));
        if (recoveryCode != null) {
            form.put("recovery_code", recoveryCode);
        }
        Http.Answer answer = env.tokenEndpoint(realm, form);
        assertEquals(200, answer.status(), answer.body());
        return new Login(answer.json().get("access_token").asText(), answer.json().get("refresh_token").asText());
    }

    /** A sudo token of the login's session, from a recovery code (a TOTP code counts once per time step). */
    private String sudo(Login login, String recoveryCode) {
        return ok(api.post("/2fa/recovery-code/authenticate", login.access(), Map.of("recoveryCode", recoveryCode)))
                .get("sudoToken").asText();
    }

    private Http.Answer refresh(Login login) {
        return env.tokenEndpoint(realm, Map.of("grant_type", "refresh_token", "client_id", TestEnvironment.CLIENT_ID,
                "refresh_token", login.refresh()));
    }

    private void assertEnded(Login login) {
        Http.Answer answer = refresh(login);
        assertEquals(400, answer.status(), answer.body());
        assertEquals("invalid_grant", answer.json().path("error").asText(), answer.body());
    }

    private void assertRefreshes(Login login) {
        Http.Answer answer = refresh(login);
        assertEquals(200, answer.status(), answer.body());
    }
}
