package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static dev.kcpack.testing.ApiAssertions.assertTooManyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.Burst;
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
        assertError(api.post("/email/initiate", access, Map.of("email", "me@guerrillamail.com")), 403, "Forbidden",
                "FORBIDDEN_MAIL_PROVIDER");
        assertError(api.post("/email/initiate", access, Map.of("email", "not an address")), 400, "Bad Request",
                "Invalid email address");
        assertError(api.send("PUT", "/email", access, Map.of("otp", "123456")), 401, "Unauthorized", "OTP_INVALID_EXPIRED");

        // #21: "that address has an account" is an answer, and costs the cooldown as a mail does.
        assertError(api.post("/email/initiate", access, Map.of("email", other.email())), 409, "Conflict",
                "NEW_EMAIL_ALREADY_IN_USE");
        long retryAfter = assertTooManyRequests(api.post("/email/initiate", access, Map.of("email", freshAddress())),
                "TOO_MANY_TRANSFER_ATTEMPTS");
        assertTrue(retryAfter > 55 && retryAfter <= 60, "retryAfter " + retryAfter);
        assertTooManyRequests(api.post("/email/initiate", access, Map.of("email", other.email())),
                "TOO_MANY_TRANSFER_ATTEMPTS");

        TestUser mover = env.newUser(realm);
        String moverAccess = env.accessToken(mover);
        String newAddress = freshAddress();
        MimeMessage mail = mailAfter(newAddress, () -> ok(api.post("/email/initiate", moverAccess, Map.of("email", newAddress))));
        assertTooManyRequests(api.post("/email/initiate", moverAccess, Map.of("email", freshAddress())),
                "TOO_MANY_TRANSFER_ATTEMPTS");

        // Someone else takes the address before the code comes back.
        Http.Answer taken = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + other.id(),
                Map.of("email", newAddress));
        assertEquals(204, taken.status(), taken.body());
        assertError(api.send("PUT", "/email", moverAccess, Map.of("otp", Inbox.code(mail))), 409, "Conflict",
                "NEW_EMAIL_ALREADY_IN_USE");
        assertEquals(mover.email(), adminUser(realm, mover.id()).get("email").asText(), "nothing changed");
    }

    @Test
    void aBurstOfAddressChecksGetsOneAnswerPerCooldown() {
        TestUser user = env.newUser(realm);
        TestUser other = env.newUser(realm);
        String access = env.accessToken(user);
        List<Http.Answer> answers = Burst.fire("email/initiate with a taken address", 40,
                i -> api.post("/email/initiate", access, Map.of("email", i % 2 == 0 ? other.email() : freshAddress())));
        String seen = Burst.histogram(answers);
        long answered = answers.stream().filter(a -> a.status() != 429).count();
        assertEquals(1, answered, "one answer (taken, or a mail) per cooldown: " + seen);
        assertTrue(answers.stream().allMatch(a -> a.status() == 429 || a.status() == 409 || a.status() == 200), seen);
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
