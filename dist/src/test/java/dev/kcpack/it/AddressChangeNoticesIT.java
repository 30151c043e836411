package dev.kcpack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.testing.AccountConsole;
import dev.kcpack.testing.BrowserLogin;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.Waits;
import org.junit.jupiter.api.Test;

/**
 * Issue 31, item 5: an address changed through Keycloak's own doors tells the old address, as
 * the pack's transfer does (EmailTransferIT): the admin console's user form and the Account
 * Console (Keycloak's account API). Nothing for a change of anything else, and nothing to an old
 * address that was never verified.
 */
class AddressChangeNoticesIT extends RealmTestBase {

    private static String freshAddress() {
        return "moved-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private String userPath(TestUser user) {
        return "/admin/realms/" + realm + "/users/" + user.id();
    }

    private void assertToldOfTheMove(MimeMessage mail, String newAddress) {
        assertTrue(Inbox.subject(mail).contains("your email address was changed"), Inbox.subject(mail));
        assertTrue(Inbox.text(mail).contains(newAddress), Inbox.text(mail));
    }

    @Test
    void theAdminConsolesUserFormTellsTheOldAddress() {
        TestUser user = env.newUser(realm);
        // Another field changed: nothing for the address.
        int before = inbox.count(user.email());
        assertEquals(204, env.admin().send("PUT", userPath(user), Map.of("firstName", "Renamed")).status());

        String newAddress = freshAddress();
        MimeMessage told = inbox.after(user.email(), () -> assertEquals(204,
                env.admin().send("PUT", userPath(user), Map.of("email", newAddress, "emailVerified", true)).status()));
        assertToldOfTheMove(told, newAddress);
        assertEquals(before + 1, inbox.count(user.email()), "one mail, for the address, none for the name");
        assertEquals(0, inbox.count(newAddress), "the new address is not told it was moved to");
    }

    @Test
    void anOldAddressNeverVerifiedIsNotTold() {
        TestUser user = env.newUser(realm);
        assertEquals(204, env.admin().send("PUT", userPath(user), Map.of("emailVerified", false)).status());
        String newAddress = freshAddress();
        assertEquals(204, env.admin().send("PUT", userPath(user), Map.of("email", newAddress)).status());
        // A told change arrives within a second or two (EmailTransferIT, the test above).
        Waits.sleep(3_000);
        assertEquals(0, inbox.count(user.email()), "an unverified address may be anyone's");
    }

    @Test
    void theAccountConsoleTellsTheOldAddress() {
        // The demo realm leaves the address to the pack's transfer (users may not edit it); a realm
        // that lets users edit it in the Account Console, as Keycloak's default profile does:
        var profile = (com.fasterxml.jackson.databind.node.ObjectNode) env.admin()
                .send("GET", "/admin/realms/" + realm + "/users/profile", null).json();
        profile.withArray("attributes").forEach(attribute -> {
            if (attribute.get("name").asText().equals("email")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) attribute.with("permissions"))
                        .putArray("edit").add("admin").add("user");
            }
        });
        assertEquals(200, env.admin().send("PUT", "/admin/realms/" + realm + "/users/profile", profile).status());
        try {
            TestUser user = env.newUser(realm);
            AccountConsole console = new AccountConsole(env, realm);
            String token;
            try (BrowserLogin browser = new BrowserLogin().go(console.authorizationUrl())) {
                browser.password(user.username(), user.password());
                token = console.accessToken(browser);
            }
            String newAddress = freshAddress();
            MimeMessage told = inbox.after(user.email(), () -> {
                var answer = console.rest("POST", "/", token, Map.of("username", user.username(), "email", newAddress,
                        "firstName", "Test", "lastName", "User"));
                assertEquals(204, answer.status(), answer.body());
            });
            assertToldOfTheMove(told, newAddress);
        } finally {
            profile.withArray("attributes").forEach(attribute -> {
                if (attribute.get("name").asText().equals("email")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) attribute.with("permissions")).putArray("edit").add("admin");
                }
            });
            env.admin().send("PUT", "/admin/realms/" + realm + "/users/profile", profile);
        }
    }
}
