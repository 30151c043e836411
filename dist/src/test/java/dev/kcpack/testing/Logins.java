package dev.kcpack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;

/**
 * Logins of one realm's users by Keycloak's password grant (demo-app), each its own session,
 * and what a thief holding one would see of it afterwards: does its refresh token still work.
 */
public final class Logins {

    /** One login of a user: its tokens. */
    public record Login(String access, String refresh) {
    }

    private final TestEnvironment env;
    private final String realm;

    public Logins(TestEnvironment env, String realm) {
        this.env = env;
        this.realm = realm;
    }

    /** A new user whose address is verified, so that security notices reach it. */
    public TestUser verifiedUser() {
        TestUser user = env.newUser(realm);
        Http.Answer verified = env.admin().send("PUT", "/admin/realms/" + realm + "/users/" + user.id(),
                Map.of("emailVerified", true));
        assertEquals(204, verified.status(), verified.body());
        return user;
    }

    public Login login(TestUser user, String scope) {
        return login(user, scope, null);
    }

    /** A password grant; with {@code recoveryCode}, a user with 2FA signs in in one request. */
    public Login login(TestUser user, String scope, String recoveryCode) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password",
                "client_id", TestEnvironment.CLIENT_ID, "scope", scope, "username", user.username(),
                "password", user.password()));
        if (recoveryCode != null) {
            form.put("recovery_code", recoveryCode);
        }
        Http.Answer answer = env.rightPasswordGrant(realm, form);
        assertEquals(200, answer.status(), answer.body());
        return new Login(answer.json().get("access_token").asText(), answer.json().get("refresh_token").asText());
    }

    public Http.Answer refresh(Login login) {
        return env.tokenEndpoint(realm, Map.of("grant_type", "refresh_token", "client_id", TestEnvironment.CLIENT_ID,
                "refresh_token", login.refresh()));
    }

    /** The login's session is over: its refresh token answers {@code invalid_grant}. */
    public void assertEnded(Login login) {
        Http.Answer answer = refresh(login);
        assertEquals(400, answer.status(), answer.body());
        assertEquals("invalid_grant", answer.json().path("error").asText(), answer.body());
    }

    public void assertRefreshes(Login login) {
        Http.Answer answer = refresh(login);
        assertEquals(200, answer.status(), answer.body());
    }
}
