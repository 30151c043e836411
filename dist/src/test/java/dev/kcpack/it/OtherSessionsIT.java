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
import dev.kcpack.testing.Logins;
import dev.kcpack.testing.Logins.Login;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change of how a user signs in ends the user's other sessions, online and offline, as
 * Keycloak's own update-password page does by default, and keeps the caller's own: a password
 * change (unless kept), a reset by code (always, all of them), enrolling and removing a factor
 * (unless kept). Ended sessions no longer refresh ({@code invalid_grant}), their sudo tokens die
 * with them, and the notice names what was ended.
 */
class OtherSessionsIT extends RealmTestBase {

    private Logins logins;

    @BeforeAll
    void logins() {
        logins = new Logins(env, realm);
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsOfflineOnesTooAndKeepsTheCallers() {
        TestUser user = logins.verifiedUser();
        Login caller = logins.login(user, "openid");
        Login other = logins.login(user, "openid");
        Login offline = logins.login(user, "openid offline_access");

        int seen = (int) inbox.noticeKinds(user.email()).stream().filter("passwordChanged"::equals).count();
        String newPassword = "New-" + user.password();
        ok(api.send("PUT", "/password/old-password", caller.access(),
                Map.of("oldPassword", user.password(), "newPassword", newPassword)));

        logins.assertEnded(other);
        logins.assertEnded(offline);
        logins.assertRefreshes(caller);
        MimeMessage notice = inbox.awaitNotice(user.email(), "passwordChanged", seen);
        String text = Inbox.text(notice);
        assertTrue(text.contains("(2)") && text.contains("(offline)"), "names the two ended sessions: " + text);
    }

    @Test
    void aPasswordChangeMayKeepTheOtherSessions() {
        TestUser user = logins.verifiedUser();
        Login caller = logins.login(user, "openid");
        Login other = logins.login(user, "openid");
        ok(api.send("PUT", "/password/old-password", caller.access(),
                Map.of("oldPassword", user.password(), "newPassword", "New-" + user.password(), "keepOtherSessions", true)));
        logins.assertRefreshes(other);
        logins.assertRefreshes(caller);
        assertError(api.send("PUT", "/password/old-password", caller.access(),
                Map.of("oldPassword", "x", "newPassword", "New-" + user.password(), "keepOtherSessions", "yes")),
                400, "Bad Request", "keepOtherSessions must be boolean");
    }

    @Test
    void aResetByCodeEndsEverySessionOfflineIncluded() {
        TestUser user = logins.verifiedUser();
        Login online = logins.login(user, "openid");
        Login offline = logins.login(user, "openid offline_access");
        MimeMessage mail = inbox.after(user.email(),
                () -> ok(api.post("/password/reset/send", null, Map.of("email", user.email()))));
        ok(api.send("PUT", "/password/otp", null,
                Map.of("userEmail", user.email(), "otp", Inbox.code(mail), "newPassword", "Reset-" + user.password())));
        logins.assertEnded(online);
        logins.assertEnded(offline);
    }

    @Test
    void enrollingAndRemovingAFactorEndTheOthersUnlessKeptAndTheirSudoTokensDie() {
        TestUser user = logins.verifiedUser();
        Login caller = logins.login(user, "openid");
        Login other = logins.login(user, "openid");
        Login offline = logins.login(user, "openid offline_access");

        JsonNode codes = enrolTotp(caller, true);
        logins.assertRefreshes(other);
        logins.assertRefreshes(offline);

        // Sudo tokens of two sessions; the removal, by default, ends the other one and its sudo token.
        String otherSudo = sudo(other, codes.get(0).asText());
        String callerSudo = sudo(caller, codes.get(1).asText());
        ok(api.delete("/2fa/trusted-devices", otherSudo));
        ok(api.delete("/2fa/totp", callerSudo));
        logins.assertEnded(other);
        logins.assertEnded(offline);
        logins.assertRefreshes(caller);
        assertError(api.delete("/2fa/trusted-devices", otherSudo), 401, "Unauthorized", "INVALID_TOKEN");

        // Enrolling without keeping ends the others too; the caller's login goes on.
        Login third = logins.login(user, "openid");
        Login enrolling = logins.login(user, "openid");
        enrolTotp(enrolling, false);
        logins.assertEnded(third);
        logins.assertRefreshes(enrolling);
    }

    @Test
    void removingWithKeepOtherSessionsInTheQueryKeepsThem() {
        TestUser user = logins.verifiedUser();
        Login caller = logins.login(user, "openid");
        JsonNode codes = enrolTotp(caller, false);
        Login other = logins.login(user, "openid", codes.get(0).asText());
        String sudo = sudo(caller, codes.get(1).asText());
        ok(api.delete("/2fa/totp?keepOtherSessions=true", sudo));
        logins.assertRefreshes(other);
    }

    /** Sets up and enables TOTP with the login's access token; its first recovery codes. */
    private JsonNode enrolTotp(Login login, boolean keepOtherSessions) {
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", login.access(), Map.of())).get("url").asText());
        return ok(api.post("/2fa/totp/enable", login.access(),
                Map.of("totp", app.code(), "keepOtherSessions", keepOtherSessions))).get("recoveryCodes");
    }

    /** A sudo token of the login's session, from a recovery code (a TOTP code counts once per time step). */
    private String sudo(Login login, String recoveryCode) {
        return ok(api.post("/2fa/recovery-code/authenticate", login.access(), Map.of("recoveryCode", recoveryCode)))
                .get("sudoToken").asText();
    }
}
