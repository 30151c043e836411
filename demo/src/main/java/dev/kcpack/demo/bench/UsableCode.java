package dev.kcpack.demo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.UserApi;

/** A recovery code not used yet, its user, and an access token of that user. */
record UsableCode(TestUser user, String access, String code) {

    /**
     * At least {@code count} unused codes, made before any timing: users with TOTP, ten
     * recovery codes each (each code works once).
     */
    static List<UsableCode> make(PackStack env, UserApi api, String realm, int count) {
        List<UsableCode> codes = new ArrayList<>();
        while (codes.size() < count) {
            TestUser user = env.newUser(realm);
            String access = env.accessToken(user);
            AuthenticatorApp app = AuthenticatorApp.scan(
                    UserApi.ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
            JsonNode recoveryCodes = UserApi.ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())))
                    .get("recoveryCodes");
            recoveryCodes.forEach(code -> codes.add(new UsableCode(user, access, code.asText())));
        }
        return codes;
    }
}
