package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.KeycloakServer;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.AccountConsole;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.Test;

/**
 * #21: a user is told by mail of every change to how their account signs in, whichever door
 * made it (the pack's REST API, the login pages, Keycloak's account API behind the Account
 * Console, the admin console), in their language and the brand of the request; a notice holds
 * no code and no link that acts on the account; each kind can be switched off; a notice that
 * cannot be sent does not fail the change.
 */
class SecurityNoticesIT extends RealmTestBase {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\b\\d{6}\\b");
    private static final Pattern RESET_LINK = Pattern.compile("http://\\S+/login-actions/action-token\\?key=[^\\s\"<]+");

    /** Waits for the notice of {@code kind} that {@code change} causes and checks what every notice must hold. */
    private MimeMessage noticeOf(TestUser user, String kind, Runnable change) {
        int seen = (int) inbox.noticeKinds(user.email()).stream().filter(kind::equals).count();
        change.run();
        MimeMessage notice = inbox.awaitNotice(user.email(), kind, seen);
        String text = Inbox.text(notice);
        assertTrue(text.contains("/realms/" + realm + "/account"), "names the account page: " + text);
        assertFalse(SIX_DIGITS.matcher(text).find(), "no code: " + text);
        assertFalse(text.contains("login-actions") || text.contains("action-token") || text.contains("key="),
                "no link that acts on the account: " + text);
        return notice;
    }

    private void assertNotice(MimeMessage notice, String subject, String... inText) {
        assertEquals(subject, Inbox.subject(notice));
        String text = Inbox.text(notice);
        for (String part : inText) {
            assertTrue(text.contains(part), "'" + part + "' in: " + text);
        }
    }

    private String sudo(String access, List<String> codes, int which) {
        return ok(api.post("/2fa/recovery-code/authenticate", access, Map.of("recoveryCode", codes.get(which))))
                .get("sudoToken").asText();
    }

    private static List<String> codes(JsonNode answer) {
        return Http.JSON.convertValue(answer.get("recoveryCodes"),
                Http.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private void setLocale(TestUser user, String locale) {
        // The whole representation: a partial one would leave the user profile without its email.
        String path = "/admin/realms/" + realm + "/users/" + user.id();
        com.fasterxml.jackson.databind.node.ObjectNode representation =
                (com.fasterxml.jackson.databind.node.ObjectNode) env.admin().send("GET", path, null).json();
        com.fasterxml.jackson.databind.node.ObjectNode attributes = representation.has("attributes")
                ? (com.fasterxml.jackson.databind.node.ObjectNode) representation.get("attributes")
                : representation.putObject("attributes");
        attributes.putArray("locale").add(locale);
        Http.Answer set = env.admin().send("PUT", path, representation);
        assertEquals(204, set.status(), set.body());
    }

    @Test
    void everyChangeOverTheApiInEnglishAndTheRealmsBrand() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        List<String>[] codes = new List[1];
        MimeMessage added = noticeOf(user, "factorAdded",
                () -> codes[0] = codes(ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())))));
        assertNotice(added, "kcpack demo: a second factor was added to your account",
                "kcpack demo", "A second factor was added to your kcpack demo account: authenticator app.", "When: ", " UTC.");
        assertEquals("kcpack demo", Inbox.senderName(added), "the realm's sender");

        ok(api.post("/2fa/email-otp/setup", sudo(access, codes[0], 0), Map.of("email", user.email())));
        String code = Inbox.code(inbox.awaitNew(user.email(), 0));
        assertNotice(noticeOf(user, "factorAdded", () -> ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", code)))),
                "kcpack demo: a second factor was added to your account", "account: codes by email.");

        List<String> fresh = codes(ok(api.post("/2fa/recovery-code/reset", sudo(access, codes[0], 1), Map.of())));
        assertEquals(10, fresh.size());
        MimeMessage made = inbox.awaitNotice(user.email(), "recoveryCodesMade", 0);
        assertEquals(List.of("factorAdded", "factorAdded", "recoveryCodesMade"), inbox.noticeKinds(user.email()),
                "the first codes came with the first factor, unannounced");
        assertNotice(made, "kcpack demo: you have new recovery codes", "The old ones no longer work.");
        for (String one : fresh) {
            assertFalse(Inbox.text(made).contains(one) || Inbox.html(made).contains(one), "no recovery code in the notice");
        }

        assertNotice(noticeOf(user, "factorRemoved", () -> ok(api.delete("/2fa/email-otp", sudo(access, fresh, 0)))),
                "kcpack demo: a second factor was removed from your account", "account: codes by email.");
        assertNotice(noticeOf(user, "factorRemoved", () -> ok(api.delete("/2fa/totp", sudo(access, fresh, 1)))),
                "kcpack demo: a second factor was removed from your account", "account: authenticator app.");

        String newAccess = env.accessToken(user);
        assertNotice(noticeOf(user, "passwordChanged", () -> ok(api.send("PUT", "/password/old-password", newAccess,
                        Map.of("oldPassword", user.password(), "newPassword", "Changed-pass-21")))),
                "kcpack demo: your password was changed", "The password of your kcpack demo account was changed.");
        assertEquals(List.of("factorAdded", "factorAdded", "recoveryCodesMade", "factorRemoved", "factorRemoved",
                "passwordChanged"), inbox.noticeKinds(user.email()), "one notice per change");
    }

    @Test
    void inTheUsersLanguageAndTheBrandOfTheRequest() {
        TestUser user = env.newUser(realm);
        setLocale(user, "nl");
        int seen = inbox.count(user.email());
        ok(api.post("/password/reset/send?origin=acme-web&language=fr", null, Map.of("email", user.email())));
        String code = Inbox.code(inbox.awaitNew(user.email(), seen));
        MimeMessage reset = noticeOf(user, "passwordReset", () -> ok(api.send("PUT", "/password/otp?origin=acme-web",
                null, Map.of("userEmail", user.email(), "otp", code, "newPassword", "Reset-pass-21"))));
        assertNotice(reset, "Acme: je wachtwoord is opnieuw ingesteld",
                "Het wachtwoord van je Acme-account is opnieuw ingesteld.", "Wanneer: ", "Was jij dit niet?");
        assertEquals("Acme Accounts", Inbox.senderName(reset), "the brand's sender");
        assertTrue(Inbox.html(reset).contains("Acme"), "the brand in the HTML part");

        TestUser german = env.newUser(realm);
        setLocale(german, "de");
        String access = env.accessToken(german);
        ok(api.post("/2fa/email-otp/setup", access, Map.of("email", german.email())));
        String setupCode = Inbox.code(inbox.awaitNew(german.email(), 0));
        assertNotice(noticeOf(german, "factorAdded", () -> ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", setupCode)))),
                "kcpack demo: Ihrem Konto wurde ein zweiter Faktor hinzugefügt", "Codes per E-Mail", "Wann: ");
    }

    @Test
    void keycloaksOwnDoors() throws Exception {
        TestUser user = env.newUser(realm);
        setLocale(user, "fr");
        String userPath = "/admin/realms/" + realm + "/users/" + user.id();

        // The admin console: a temporary password set by an admin...
        assertNotice(noticeOf(user, "passwordReset", () -> assertEquals(204, env.admin().send("PUT", userPath + "/reset-password",
                        Map.of("type", "password", "value", "Temporary-pass-1", "temporary", true)).status())),
                "kcpack demo : votre mot de passe a été réinitialisé", "Quand : ");
        // ...then Keycloak's Update Password page at the next login: a change.
        String chosen = "Chosen-pass-21";
        assertNotice(noticeOf(user, "passwordChanged", () -> {
            try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
                browser.password(user.username(), "Temporary-pass-1");
                assertTrue(browser.hasElement("kc-passwd-update-form"), browser.describe());
                browser.submit("kc-passwd-update-form", "password-new", chosen, "password-confirm", chosen);
                assertTrue(browser.loggedIn(), browser.describe());
            }
        }), "kcpack demo : votre mot de passe a été modifié");

        // Keycloak's own authenticator-app enrolment (required action), then the Account
        // Console's removal of it (Keycloak's account API with the console's token).
        env.admin().send("PUT", userPath, Map.of("requiredActions", List.of("CONFIGURE_TOTP")));
        AuthenticatorApp[] app = new AuthenticatorApp[1];
        assertNotice(noticeOf(user, "factorAdded", () -> {
            try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
                browser.password(user.username(), chosen);
                String secret = browser.inputValue("kc-totp-settings-form", "totpSecret");
                app[0] = AuthenticatorApp.fromKeycloakPageSecret(secret);
                browser.submit("kc-totp-settings-form", "totp", app[0].code());
                assertTrue(browser.loggedIn(), browser.describe());
            }
        }), "kcpack demo : un second facteur a été ajouté à votre compte", "application d'authentification");
        assertEquals(1, inbox.noticeKinds(user.email()).stream().filter("factorAdded"::equals).count(),
                "Keycloak raises two events for one new app; the user gets one notice");

        // The Account Console's "Remove": Keycloak's delete-credential action, confirmed on its page.
        String otpId = credentialId(userPath, "otp");
        assertNotice(noticeOf(user, "factorRemoved", () -> {
            AccountConsole console = new AccountConsole(env, realm);
            try (BrowserLogin browser = new BrowserLogin().go(console.authorizationUrl() + "&kc_action=delete_credential:" + otpId)) {
                browser.password(user.username(), chosen);
                browser.submit("kc-otp-login-form", "otp", app[0].code());
                assertTrue(browser.hasElement("kc-accept"), browser.describe());
                browser.press("kc-accept");
            }
            assertEquals(null, credentialId(userPath, "otp"), "the app is gone");
        }), "kcpack demo : un second facteur a été retiré de votre compte", "application d'authentification");

        // The admin console removes a factor: Keycloak's event does not say which.
        String access = env.accessToken(user.realm(), user.username(), chosen);
        int before = inbox.count(user.email());
        ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())));
        String code = Inbox.code(inbox.awaitNew(user.email(), before));
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", code)));
        String adminRemoved = credentialId(userPath, "kcpack-email-otp");
        assertNotice(noticeOf(user, "factorRemoved", () -> assertEquals(204,
                        env.admin().send("DELETE", userPath + "/credentials/" + adminRemoved, null).status())),
                "kcpack demo : un second facteur a été retiré de votre compte",
                "une méthode de connexion (modifiée par un administrateur)");
    }

    @Test
    void keycloaksResetFlowIsAReset() {
        TestUser user = env.newUser(realm);
        int seen = inbox.count(user.email());
        try (BrowserLogin browser = new BrowserLogin().open(env.baseUrl(), realm)) {
            browser.followLinkTo("login-actions/reset-credentials");
            browser.submit("kc-reset-password-form", "username", user.username());
            String text = Inbox.text(inbox.awaitNew(user.email(), seen));
            Matcher link = RESET_LINK.matcher(text);
            assertTrue(link.find(), text);
            String newPassword = "Forgotten-pass-21";
            assertNotice(noticeOf(user, "passwordReset", () -> {
                browser.go(link.group());
                assertTrue(browser.hasElement("kc-passwd-update-form"), browser.describe());
                browser.submit("kc-passwd-update-form", "password-new", newPassword, "password-confirm", newPassword);
            }), "kcpack demo: your password was reset");
        }
        assertFalse(inbox.noticeKinds(user.email()).contains("passwordChanged"), "a reset is told as a reset, once");
    }

    @Test
    void aKindSwitchedOffIsNotSent() {
        env.admin().setPackSettings(realm, Map.of("noticePasswordChanged", "false"));
        try {
            TestUser user = env.newUser(realm);
            String access = env.accessToken(user);
            ok(api.send("PUT", "/password/old-password", access,
                    Map.of("oldPassword", user.password(), "newPassword", "Quiet-pass-21")));
            // The next notice (a kind still on) arrives after any the change would have caused.
            String fresh = env.accessToken(user.realm(), user.username(), "Quiet-pass-21");
            AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", fresh, Map.of())).get("url").asText());
            noticeOf(user, "factorAdded", () -> ok(api.post("/2fa/totp/enable", fresh, Map.of("totp", app.code()))));
            assertEquals(List.of("factorAdded"), inbox.noticeKinds(user.email()));
        } finally {
            env.admin().setPackSettings(realm, Map.of("noticePasswordChanged", "true"));
        }
    }

    @Test
    void aNoticeThatCannotBeSentDoesNotFailTheChange() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        JsonNode realmJson = env.admin().send("GET", "/admin/realms/" + realm, null).json();
        JsonNode smtp = realmJson.get("smtpServer").deepCopy();
        Map<String, Object> broken = Http.JSON.convertValue(smtp, Map.class);
        broken.put("port", Integer.toString(KeycloakServer.freePort()));
        assertEquals(204, env.admin().send("PUT", "/admin/realms/" + realm, Map.of("smtpServer", broken)).status());
        try {
            Http.Answer changed = api.send("PUT", "/password/old-password", access,
                    Map.of("oldPassword", user.password(), "newPassword", "Unheard-pass-21"));
            assertEquals(200, changed.status(), changed.body());
        } finally {
            assertEquals(204, env.admin().send("PUT", "/admin/realms/" + realm, Map.of("smtpServer", smtp)).status());
        }
        env.accessToken(user.realm(), user.username(), "Unheard-pass-21");
        assertTrue(inbox.noticeKinds(user.email()).isEmpty());
        String metrics = Http.send(Http.request(env.managementUrl() + "/metrics").GET().build()).body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("kcpack_notices_total{")
                        && line.contains("realm=\"" + realm + "\"") && line.contains("kind=\"passwordchanged\"")
                        && line.contains("result=\"failed\"")),
                "counted as failed: " + metrics.lines().filter(l -> l.startsWith("kcpack_notices")).toList());
    }

    private String credentialId(String userPath, String type) {
        for (JsonNode credential : env.admin().send("GET", userPath + "/credentials", null).json()) {
            if (credential.path("type").asText().equals(type)) {
                return credential.path("id").asText();
            }
        }
        return null;
    }
}
