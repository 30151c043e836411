package dev.kcpack.demo.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.demo.SoftwarePasskey;
import dev.kcpack.demo.UserApi;

/**
 * Issue 33: the pack's direct-grant paths beside Keycloak's own, on one server, interleaved
 * round by round so that both see the same machine: Keycloak's built-in "direct grant" flow
 * (its conditional OTP step, {@code totp} in the grant) for a client bound to it, and the pack's
 * flow for the demo app, with the same kind of users (Keycloak's own {@code otp} credential).
 * Each TOTP user logs in once (a code works once), a passkey user as often as asked.
 */
final class GrantRatios {

    private static final int WARMUP = 10;
    private static final int ROUNDS = Integer.getInteger("kcpack.bench.ratioRounds", 40);
    private static final String KEYCLOAK_CLIENT = "keycloak-direct-grant";

    private GrantRatios() {
    }

    private record TotpUser(TestUser user, AuthenticatorApp app) {
    }

    static List<String> measure(PackStack env) {
        String realm = env.newRealm();
        env.admin().setBruteForceProtected(realm, false);
        UserApi api = new UserApi(env, realm);
        bindKeycloakClient(env, realm);
        int users = WARMUP + ROUNDS;
        List<TotpUser> packOne = totpUsers(env, api, realm, users);
        List<TotpUser> keycloakOne = totpUsers(env, api, realm, users);
        List<TotpUser> packTwo = totpUsers(env, api, realm, users);
        TestUser passkeyUser = env.newUser(realm);
        SoftwarePasskey device = new SoftwarePasskey(env.baseUrl());
        String access = env.accessToken(passkeyUser);
        JsonNode registration = UserApi.ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        UserApi.ok(api.post("/2fa/passkey/register", access, Map.of("challengeId", registration.get("challengeId").asText(),
                "credential", device.create(registration.get("publicKey")))));

        // The codes that enrolled the last users are used (a code works once): their next ones come in a new period.
        try {
            Thread.sleep(31_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double[] keycloak = new double[ROUNDS];
        double[] oneRequest = new double[ROUNDS];
        double[] twoStep = new double[ROUNDS];
        double[] passkey = new double[ROUNDS];
        for (int round = 0; round < users; round++) {
            int r = round;
            double k = time(() -> expect(grant(env, realm, KEYCLOAK_CLIENT, keycloakOne.get(r), true), 200));
            double o = time(() -> expect(grant(env, realm, PackStack.CLIENT_ID, packOne.get(r), true), 200));
            double t = time(() -> {
                Http.Answer first = expect(grant(env, realm, PackStack.CLIENT_ID, packTwo.get(r), false), 401);
                expect(api.post("/2fa/totp/authenticate", first.json().get("partialAuthToken").asText(),
                        Map.of("totp", packTwo.get(r).app().code())), 200);
            });
            double p = time(() -> {
                Http.Answer first = expect(passwordGrant(env, realm, PackStack.CLIENT_ID, passkeyUser,
                        Map.of("passkey_options", "true")), 401);
                JsonNode offered = first.json().get("passkeyOptions");
                expect(api.post("/2fa/passkey/authenticate", first.json().get("partialAuthToken").asText(), Map.of(
                        "challengeId", offered.get("challengeId").asText(),
                        "credential", device.get(offered.get("publicKey")))), 200);
            });
            if (round >= WARMUP) {
                keycloak[round - WARMUP] = k;
                oneRequest[round - WARMUP] = o;
                twoStep[round - WARMUP] = t;
                passkey[round - WARMUP] = p;
            }
        }
        double base = median(keycloak);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("logins with a second factor beside Keycloak's own direct grant with TOTP, %d rounds after %d, "
                + "interleaved, one client, medians:", ROUNDS, WARMUP));
        lines.add(row("Keycloak's direct grant, password and TOTP in one request", keycloak, base));
        lines.add(row("the pack's direct grant, password and TOTP in one request", oneRequest, base));
        lines.add(row("the pack's two-step login: grant, then /2fa/totp/authenticate", twoStep, base));
        lines.add(row("the pack's two-step login with a passkey (passkey_options; signing included)", passkey, base));
        return lines;
    }

    /** A client of Keycloak's own built-in direct-grant flow, beside the demo app's pack flow. */
    private static void bindKeycloakClient(PackStack env, String realm) {
        JsonNode flows = env.admin().send("GET", "/admin/realms/" + realm + "/authentication/flows", null).json();
        String flowId = null;
        for (JsonNode flow : flows) {
            if (flow.get("alias").asText().equals("direct grant")) {
                flowId = flow.get("id").asText();
            }
        }
        if (flowId == null) {
            throw new IllegalStateException("the realm has no built-in direct grant flow");
        }
        Http.Answer created = env.admin().send("POST", "/admin/realms/" + realm + "/clients", Map.of(
                "clientId", KEYCLOAK_CLIENT, "publicClient", true, "directAccessGrantsEnabled", true,
                "authenticationFlowBindingOverrides", Map.of("direct_grant", flowId)));
        if (created.status() != 201) {
            throw new IllegalStateException("client not made: " + created.status() + " " + created.body());
        }
    }

    private static List<TotpUser> totpUsers(PackStack env, UserApi api, String realm, int count) {
        List<TotpUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestUser user = env.newUser(realm);
            String access = env.accessToken(user);
            AuthenticatorApp app = AuthenticatorApp.scan(
                    UserApi.ok(api.post("/2fa/totp/setup", access, Map.of())).get("url").asText());
            UserApi.ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code())));
            users.add(new TotpUser(user, app));
        }
        return users;
    }

    private static Http.Answer grant(PackStack env, String realm, String client, TotpUser user, boolean withCode) {
        return passwordGrant(env, realm, client, user.user(), withCode ? Map.of("totp", user.app().code()) : Map.of());
    }

    private static Http.Answer passwordGrant(PackStack env, String realm, String client, TestUser user, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(extra);
        form.putAll(Map.of("grant_type", "password", "client_id", client, "scope", "openid",
                "username", user.username(), "password", user.password()));
        return env.tokenEndpoint(realm, form);
    }

    private static Http.Answer expect(Http.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    private static double time(Runnable login) {
        long start = System.nanoTime();
        login.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String row(String path, double[] millis, double base) {
        return String.format("  %-78s median %7.1f ms   ratio %.2f", path, median(millis), median(millis) / base);
    }
}
