package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.KeycloakServer;
import dev.kcpack.demo.PackPaths;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.PostgresServer;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import org.junit.jupiter.api.Test;

/**
 * #22: an adopter's upgrade. The pack's JAR on the oldest supported Keycloak (26.4.7), on
 * PostgreSQL, with users who have TOTP, email OTP and recovery codes, a lock, a trusted
 * browser, settings and a mail brand; then that Keycloak stopped and the newest started on
 * the same database with the same JAR: everything is still there and works.
 */
class UpgradeIT {

    private static final String OLDEST_HOME = System.getProperty("kcpack.oldestKeycloakHome");
    private static final String NEWEST = System.getProperty("kcpack.keycloakVersion");
    private static final String BOB_SECRET = DemoRealmIT.BOB_SECRET;

    @Test
    void whatTheOldestKeycloakKeptWorksOnTheNewest() {
        PackPaths paths = PackPaths.fromSystemProperties();
        Path dir = paths.workDir().resolve("upgrade");
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Inbox inbox = new Inbox(mail);
        int port = KeycloakServer.freePort();
        try (BrowserLogin browser = new BrowserLogin(); PostgresServer database = PostgresServer.startFresh(dir, "postgres-data")) {
            KeycloakServer.Setup setup = KeycloakServer.Setup.onPostgres(database);

            // ---- on the oldest Keycloak
            Path oldHome = dir.resolve("oldest");
            KeycloakServer.copyHome(Path.of(OLDEST_HOME), oldHome);
            KeycloakServer oldest = KeycloakServer.start(oldHome, paths.providerJar(), dir, "keycloak-oldest", port, true, setup);
            PackStack before = new PackStack(paths, mail, oldest);
            String realm;
            TestUser locked;
            TestUser enrolled;
            AuthenticatorApp enrolledApp;
            // One phone for Bob across both servers: the newest must not be handed the code the
            // oldest took a moment ago (a used code stays used through the upgrade, in the database).
            AuthenticatorApp bobApp = AuthenticatorApp.fromBase32Secret(BOB_SECRET);
            try {
                realm = before.newRealm();
                before.admin().setBruteForceProtected(realm, false);
                before.admin().setPackSettings(realm, Map.of("mailCooldownSeconds", "7", "firstLockSeconds", "900"));
                String realmId = before.admin().send("GET", "/admin/realms/" + realm, null).json().get("id").asText();
                Http.Answer brand = before.admin().send("POST", "/admin/realms/" + realm + "/components", Map.of(
                        "name", "kcpack-mail-brands", "providerId", "kcpack-mail-brands",
                        "providerType", "org.keycloak.services.ui.extend.UiPageProvider", "parentId", realmId,
                        "config", Map.of("origin", List.of("globex-app"), "brandName", List.of("Globex"),
                                "senderName", List.of("Globex Security"))));
                assertEquals(201, brand.status(), brand.body());
                UserApi api = new UserApi(before, realm);

                // A user who set up the app over the API on the old server.
                enrolled = before.newUser(realm);
                String access = before.accessToken(enrolled);
                enrolledApp = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
                ok(api.post("/2fa/totp/enable", access, Map.of("totp", enrolledApp.code())));

                // A user locked by the pack's gate (900 s: the upgrade cannot outlast it).
                locked = before.newUser(realm);
                String lockedAccess = before.accessToken(locked);
                AuthenticatorApp lockedApp = AuthenticatorApp.scan(
                        ok(api.post("/2fa/totp/setup", lockedAccess, Map.of())).get("url").asText());
                ok(api.post("/2fa/totp/enable", lockedAccess, Map.of("totp", lockedApp.code())));
                for (int i = 0; i < 6; i++) {
                    api.post("/2fa/totp/authenticate", lockedAccess, Map.of("totp", lockedApp.wrongCode()));
                }
                assertTooManyRequests(api.post("/2fa/totp/authenticate", lockedAccess, Map.of("totp", lockedApp.code())),
                        "TOO_MANY_TOTP_CHECKS");

                // Bob trusts this browser.
                browser.open(before.baseUrl(), realm).password("bob", "Bob-demo-1");
                browser.submit("kc-otp-login-form", "otp", bobApp.code(),
                        "kcpackTrustBrowser", "on");
                assertTrue(browser.loggedIn(), browser.describe());
            } finally {
                oldest.close();
            }

            // ---- the same database, the newest Keycloak, the same JAR
            Path newHome = dir.resolve("newest");
            KeycloakServer.copyHome(paths.keycloakHome(), newHome);
            try (KeycloakServer newest = KeycloakServer.start(newHome, paths.providerJar(), dir, "keycloak-newest", port,
                    false, setup)) {
                PackStack after = new PackStack(paths, mail, newest);
                UserApi api = new UserApi(after, realm);
                JsonNode info = after.admin().send("GET", "/admin/serverinfo", null).json();
                assertEquals(NEWEST, info.path("systemInfo").path("version").asText());

                // Settings and brand.
                JsonNode effective = after.admin().send("GET", "/admin/realms/" + realm + "/kcpack/settings", null).json();
                assertEquals("7", effective.path("settings").path("mailCooldownSeconds").path(0).asText(), effective.toString());
                assertTrue(effective.path("mailBrands").toString().contains("globex-app"), effective.toString());

                // Bob: his app (imported on the old server) and a recovery code.
                String partial = after.partialToken(new TestUser(realm, null, "bob", null, "Bob-demo-1"));
                assertTrue(ok(api.post("/2fa/totp/authenticate", partial, Map.of("totp",
                        bobApp.code()))).has("accessToken"));
                String again = after.partialToken(new TestUser(realm, null, "bob", null, "Bob-demo-1"));
                assertTrue(ok(api.post("/2fa/recovery-code/authenticate", again,
                        Map.of("recoveryCode", "bobdemo070000000"))).has("accessToken"));

                // Carol: a code by mail, in the brand the old server was given.
                String carol = after.partialToken(new TestUser(realm, null, "carol", null, "Carol-demo-1"));
                int seen = inbox.count("carol@demo.kcpack.localhost");
                ok(api.post("/2fa/email-otp/challenge?origin=globex-app", carol, Map.of()));
                var code = inbox.awaitNew("carol@demo.kcpack.localhost", seen);
                assertTrue(Inbox.subject(code).contains("Globex"), Inbox.subject(code));
                assertTrue(ok(api.post("/2fa/email-otp/authenticate", carol, Map.of("otp", Inbox.code(code))))
                        .has("accessToken"));

                // The user who enrolled over the API on the old server.
                String enrolledPartial = after.partialToken(enrolled);
                assertTrue(ok(api.post("/2fa/totp/authenticate", enrolledPartial, Map.of("totp", enrolledApp.code())))
                        .has("accessToken"));

                // The lock holds.
                assertTrue(ok(api.get("/2fa/totp/next-guess", after.partialToken(locked))).get("duration").asLong() > 60);

                // Bob's browser is still trusted: the password alone.
                browser.forgetSessionKeeping("KCPACK_TRUSTED_BROWSER");
                browser.open(after.baseUrl(), realm).password("bob", "Bob-demo-1");
                assertTrue(browser.loggedIn(), "still trusted after the upgrade: " + browser.describe());
            }
        } finally {
            mail.stop();
        }
    }
}
