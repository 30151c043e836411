package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static dev.kcpack.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;
import dev.kcpack.testing.Inbox;
import dev.kcpack.testing.RealmTestBase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * #23: a user with a pending duty (a temporary password's "update password", "verify email",
 * "terms and conditions") gets from every API door of the pack the refusal Keycloak's own
 * password grant gives, before a partial token is issued and before a factor is checked: no
 * session, no tokens; a partial token issued before an admin added the duty stops working.
 */
class PendingDutiesIT extends RealmTestBase {

    private static final String NOT_SET_UP = "Account is not fully set up";

    private Http.Answer passwordGrant(TestUser user, Map<String, String> extra) {
        return env.passwordGrant(user, extra);
    }

    private static void assertKeycloaksRefusal(Http.Answer answer) {
        assertEquals(400, answer.status(), answer.body());
        assertEquals("invalid_grant", answer.json().path("error").asText(), answer.body());
        assertEquals(NOT_SET_UP, answer.json().path("error_description").asText(), answer.body());
        assertFalse(answer.body().contains("partialAuthToken"), answer.body());
        assertFalse(answer.body().contains("access_token"), answer.body());
    }

    private AuthenticatorApp enrolTotp(TestUser user) {
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        return app;
    }

    private void enrolEmailCode(TestUser user) {
        String access = env.accessToken(user);
        int seen = inbox.count(user.email());
        ok(api.post("/2fa/email-otp/setup", access, Map.of("email", user.email())));
        MimeMessage setup = inbox.awaitNew(user.email(), seen);
        ok(api.post("/2fa/email-otp/enable", access, Map.of("otp", Inbox.code(setup))));
    }

    /** Gives {@code user} the duty {@code action} as an admin would ("temporary password" sets UPDATE_PASSWORD). */
    private void addDuty(TestUser user, String action) {
        Http.Answer answer;
        if (action.equals("TEMPORARY_PASSWORD")) {
            answer = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id() + "/reset-password",
                    Map.of("type", "password", "value", user.password(), "temporary", true));
        } else {
            answer = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                    Map.of("requiredActions", List.of(action)));
        }
        assertEquals(204, answer.status(), answer.body());
    }

    private void clearDuties(TestUser user) {
        Http.Answer answer = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("requiredActions", List.of()));
        assertEquals(204, answer.status(), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEMPORARY_PASSWORD", "VERIFY_EMAIL", "TERMS_AND_CONDITIONS"})
    void aTotpUserWithADutyGetsKeycloaksRefusalAndTheCodeIsNotChecked(String duty) {
        TestUser user = env.newUser(realm);
        AuthenticatorApp app = enrolTotp(user);
        addDuty(user, duty);

        assertKeycloaksRefusal(passwordGrant(user, Map.of()));
        // The one-request grant: the code is not checked, so it is not spent either.
        String code = app.code();
        assertKeycloaksRefusal(passwordGrant(user, Map.of("totp", code)));
        assertKeycloaksRefusal(passwordGrant(user, Map.of("totp", "000000")));

        clearDuties(user);
        Http.Answer tokens = passwordGrant(user, Map.of("totp", code));
        assertEquals(200, tokens.status(), "the code refused with the duty was never used: " + tokens.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEMPORARY_PASSWORD", "VERIFY_EMAIL", "TERMS_AND_CONDITIONS"})
    void anEmailCodeUserWithADutyGetsKeycloaksRefusalAndNoMail(String duty) {
        TestUser user = env.newUser(realm);
        enrolEmailCode(user);
        addDuty(user, duty);
        int seen = inbox.count(user.email());

        assertKeycloaksRefusal(passwordGrant(user, Map.of()));
        assertKeycloaksRefusal(passwordGrant(user, Map.of("otp", "123456")));
        assertEquals(seen, inbox.count(user.email()), "no code mailed for a login that cannot happen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEMPORARY_PASSWORD", "VERIFY_EMAIL", "TERMS_AND_CONDITIONS"})
    void aUserWithoutFactorsGetsTheSameRefusal(String duty) {
        TestUser user = env.newUser(realm);
        addDuty(user, duty);
        assertKeycloaksRefusal(passwordGrant(user, Map.of()));
    }

    @Test
    void aPartialTokenStopsWorkingWhenAnAdminAddsADuty() {
        TestUser user = env.newUser(realm);
        AuthenticatorApp app = enrolTotp(user);
        Http.Answer required = passwordGrant(user, Map.of());
        assertEquals(401, required.status(), required.body());
        String partial = required.json().get("partialAuthToken").asText();

        addDuty(user, "TEMPORARY_PASSWORD");
        String code = app.code();
        assertError(api.post("/2fa/totp/authenticate", partial, Map.of("totp", code)), 400, "Bad Request",
                "ACCOUNT_NOT_FULLY_SET_UP");
        assertError(api.post("/2fa/recovery-code/authenticate", partial, Map.of("recoveryCode", "0000000000000000")), 400,
                "Bad Request", "ACCOUNT_NOT_FULLY_SET_UP");

        // Nothing was used up: once the duty is gone, the same token and code log in.
        clearDuties(user);
        Http.Answer tokens = api.post("/2fa/totp/authenticate", partial, Map.of("totp", code));
        assertEquals(200, tokens.status(), tokens.body());
    }

    @Test
    void theRealmsVerifyEmailTriggerCountsToo() {
        String ownRealm = env.newRealm();
        env.admin().send("PUT", "/admin/realms/" + ownRealm, Map.of("verifyEmail", true));
        TestUser user = env.newUser(ownRealm);
        env.admin().send("PUT", "/admin/realms/" + ownRealm + "/users/" + user.id(), Map.of("emailVerified", false));
        UserApi ownApi = new UserApi(env, ownRealm);
        // Enrolled before the realm asked: the access token came first.
        env.admin().send("PUT", "/admin/realms/" + ownRealm, Map.of("verifyEmail", false));
        String access = env.accessToken(user);
        AuthenticatorApp app = AuthenticatorApp.scan(ok(ownApi.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
        ok(ownApi.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
        env.admin().send("PUT", "/admin/realms/" + ownRealm, Map.of("verifyEmail", true));

        assertKeycloaksRefusal(passwordGrant(user, Map.of()));
        assertKeycloaksRefusal(passwordGrant(user, Map.of("totp", app.code())));
    }
}
