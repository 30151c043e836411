package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

/** Moving an account to a new email address (operations #6, #10) with real mail. */
class EmailTransferIT extends RealmTestBase {

    private static String freshAddress() {
        return "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    private MimeMessage mailAfter(String address, Runnable action) {
        int seen = inbox.count(address);
        action.run();
        return inbox.awaitNew(address, seen);
    }

    private JsonNode adminUser(String inRealm, String id) {
        return env.admin().send("GET", "/admin/realms/" + inRealm + "/users/" + id, null).json();
    }

    @Test
    void theNewAddressReplacesTheOldOneWhichIsTold() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        String newAddress = freshAddress();
        MimeMessage mail = mailAfter(newAddress,
                () -> assertEquals("null", ok(api.post("/email/initiate", access, Map.of("email", newAddress))).toString()));
        assertTrue(Inbox.subject(mail).contains("confirm your new email address"), Inbox.subject(mail));

        MimeMessage notice = mailAfter(user.email(),
                () -> assertEquals("null", ok(api.send("PUT", "/email", access, Map.of("otp", Inbox.code(mail)))).toString()));
        assertTrue(Inbox.text(notice).contains(newAddress), Inbox.text(notice));

        JsonNode changed = adminUser(realm, user.id());
        assertEquals(newAddress, changed.get("email").asText());
        assertTrue(changed.get("emailVerified").asBoolean());
        JsonNode events = env.admin().send("GET", "/admin/realms/" + realm + "/events?type=UPDATE_EMAIL&user=" + user.id(), null).json();
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void errorRowsOfTheTransfer() {
        TestUser user = env.newUser(realm);
        TestUser other = env.newUser(realm);
        String access = env.accessToken(user);
        assertError(api.post("/email/initiate", access, Map.of("email", other.email())), 409, "Conflict",
                "NEW_EMAIL_ALREADY_IN_USE");
        assertError(api.post("/email/initiate", access, Map.of("email", "me@guerrillamail.com")), 403, "Forbidden",
                "FORBIDDEN_MAIL_PROVIDER");
        assertError(api.post("/email/initiate", access, Map.of("email", "not an address")), 400, "Bad Request",
                "Invalid email address");
        assertError(api.send("PUT", "/email", access, Map.of("otp", "123456")), 401, "Unauthorized", "OTP_INVALID_EXPIRED");

        String newAddress = freshAddress();
        MimeMessage mail = mailAfter(newAddress, () -> ok(api.post("/email/initiate", access, Map.of("email", newAddress))));
        long retryAfter = assertTooManyRequests(api.post("/email/initiate", access, Map.of("email", freshAddress())),
                "TOO_MANY_TRANSFER_ATTEMPTS");
        assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);

        // Someone else takes the address before the code comes back.
        Http.Answer taken = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + other.id(),
                Map.of("email", newAddress));
        assertEquals(204, taken.status(), taken.body());
        assertError(api.send("PUT", "/email", access, Map.of("otp", Inbox.code(mail))), 409, "Conflict",
                "NEW_EMAIL_ALREADY_IN_USE");
        assertEquals(user.email(), adminUser(realm, user.id()).get("email").asText(), "nothing changed");
    }

    @Test
    void theUsernameFollowsTheEmailWhereTheRealmLogsInByEmail() {
        String byEmail = env.newRealm();
        env.admin().send("PUT", "/admin/realms/" + byEmail, Map.of("registrationEmailAsUsername", true));
        UserApi byEmailApi = new UserApi(env, byEmail);
        TestUser user = env.newUser(byEmail);
        String access = env.accessToken(byEmail, user.email(), user.password());
        String newAddress = freshAddress();
        MimeMessage mail = mailAfter(newAddress, () -> ok(byEmailApi.post("/email/initiate", access, Map.of("email", newAddress))));
        ok(byEmailApi.send("PUT", "/email", access, Map.of("otp", Inbox.code(mail))));
        JsonNode changed = adminUser(byEmail, user.id());
        assertEquals(newAddress, changed.get("username").asText());
        assertEquals(newAddress, changed.get("email").asText());
        env.accessToken(byEmail, newAddress, user.password());
    }
}
