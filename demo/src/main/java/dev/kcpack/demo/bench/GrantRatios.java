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
 * Issue 33: the pack's login paths beside Keycloak's own, on one server, interleaved round by
 * round so that both see the same machine: Keycloak's built-in "direct grant" flow (its
 * conditional OTP step, {@code totp} in the grant) and "browser" flow (its conditional OTP form)
 * for clients bound to them, and the pack's flows for the demo app, with the same kind of users
 * (Keycloak's own {@code otp} credential). A TOTP user logs in once a period (a code works once),
 * each measured one for the first time since its enrolment; a passkey user as often as asked.
 * With {@code -Dkcpack.bench.profile=true} each path is then run alone under JDK Flight Recorder
 * and its CPU samples per login are set side by side.
 */
final class GrantRatios {

    /**
     * Users per path that only warm the server up. Their logins run in {@link #WARMUP_PASSES} periods
     * before the measured round (a code works once, so each pass waits for a new one), then once more
     * ahead of the measured users: 150 logins per path, as on a server that has been serving for a
     * while. After 10 logins per path, the second request of the two-step login (code that no other
     * path runs) took 14 ms; after 150, 10 ms, while Keycloak's grant (code several paths share) took
     * the same after both.
     */
    private static final int WARMUP = Integer.getInteger("kcpack.bench.ratioWarmup", 30);
    private static final int WARMUP_PASSES = Integer.getInteger("kcpack.bench.ratioWarmupPasses", 4);
    private static final int ROUNDS = Integer.getInteger("kcpack.bench.ratioRounds", 40);
    private static final String KEYCLOAK_CLIENT = "keycloak-direct-grant";
    private static final String KEYCLOAK_BROWSER_CLIENT = "keycloak-browser";

    private GrantRatios() {
    }

    private record TotpUser(TestUser user, AuthenticatorApp app) {
    }

    /** One path's login of its {@code round}-th user. */
    private interface LoginPath {
        void login(int round);
    }

    private record Measured(String name, LoginPath path, double[] millis) {
    }

    static List<String> measure(PackStack env) {
        String realm = env.newRealm();
        env.admin().setBruteForceProtected(realm, false);
        UserApi api = new UserApi(env, realm);
        // Keycloak's comparison clients make their tokens as the demo app does (no full scope, the API's audience).
        env.admin().addClientOfBuiltInFlow(realm, KEYCLOAK_CLIENT, "direct grant", "direct_grant", BrowserLogin.REDIRECT_URI);
        env.admin().addClientOfBuiltInFlow(realm, KEYCLOAK_BROWSER_CLIENT, "browser", "browser", BrowserLogin.REDIRECT_URI);
        int users = WARMUP + ROUNDS;
        List<TotpUser> packOne = totpUsers(env, api, realm, users);
        List<TotpUser> keycloakOne = totpUsers(env, api, realm, users);
        List<TotpUser> packTwo = totpUsers(env, api, realm, users);
        List<TotpUser> keycloakBrowser = totpUsers(env, api, realm, users);
        List<TotpUser> packBrowser = totpUsers(env, api, realm, users);
        List<TotpUser> keycloakThenOne = totpUsers(env, api, realm, users);
        TestUser passkeyUser = env.newUser(realm);
        SoftwarePasskey device = new SoftwarePasskey(env.baseUrl());
        String access = env.accessToken(passkeyUser);
        JsonNode registration = UserApi.ok(api.post("/2fa/passkey/register/options", access, Map.of()));
        UserApi.ok(api.post("/2fa/passkey/register", access, Map.of("challengeId", registration.get("challengeId").asText(),
                "credential", device.create(registration.get("publicKey")))));
        BrowserLogin browser = new BrowserLogin(env.baseUrl());

        Measured keycloak = new Measured("Keycloak's direct grant, password and TOTP in one request",
                r -> expect(grant(env, realm, KEYCLOAK_CLIENT, keycloakOne.get(r), true), 200), new double[ROUNDS]);
        Measured oneRequest = new Measured("the pack's direct grant, password and TOTP in one request",
                r -> expect(grant(env, realm, PackStack.CLIENT_ID, packOne.get(r), true), 200), new double[ROUNDS]);
        double[] firstSteps = new double[users];
        double[] secondSteps = new double[users];
        Measured twoStep = new Measured("the pack's two-step login: grant, then /2fa/totp/authenticate", r -> {
            Http.Answer[] answer = new Http.Answer[1];
            firstSteps[r] = time(() -> answer[0] = expect(grant(env, realm, PackStack.CLIENT_ID, packTwo.get(r), false), 401));
            Http.Answer first = answer[0];
            String partial = first.json().get("partialAuthToken").asText();
            String code = packTwo.get(r).app().code();
            secondSteps[r] = time(() -> expect(api.post("/2fa/totp/authenticate", partial, Map.of("totp", code)), 200));
        }, new double[ROUNDS]);
        TestUser plain = env.newUser(realm);
        Measured passwordOnly = new Measured("Keycloak's direct grant, a user without a second factor",
                r -> expect(passwordGrant(env, realm, KEYCLOAK_CLIENT, plain, Map.of()), 200), new double[ROUNDS]);
        Measured passkey = new Measured("the pack's two-step login with a passkey (passkey_options; signing included)", r -> {
            Http.Answer first = expect(passwordGrant(env, realm, PackStack.CLIENT_ID, passkeyUser,
                    Map.of("passkey_options", "true")), 401);
            JsonNode offered = first.json().get("passkeyOptions");
            expect(api.post("/2fa/passkey/authenticate", first.json().get("partialAuthToken").asText(), Map.of(
                    "challengeId", offered.get("challengeId").asText(),
                    "credential", device.get(offered.get("publicKey")))), 200);
        }, new double[ROUNDS]);
        Measured keycloakPages = new Measured("Keycloak's browser flow: login page, OTP page, code exchange",
                r -> browserLogin(browser, realm, KEYCLOAK_BROWSER_CLIENT, keycloakBrowser.get(r)), new double[ROUNDS]);
        Measured packPages = new Measured("the pack's browser flow: login page, TOTP page, code exchange",
                r -> browserLogin(browser, realm, PackStack.CLIENT_ID, packBrowser.get(r)), new double[ROUNDS]);
        String plainAccess = env.accessToken(plain);
        Measured floor = new Measured("one more request: Keycloak's userinfo with an access token",
                r -> expect(Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo")
                        .header("Authorization", "Bearer " + plainAccess).GET().build()), 200), new double[ROUNDS]);
        // What any login in two requests costs at least: Keycloak's own grant, then one more request
        // that does next to nothing (userinfo with the token just given), the bound under the two-step goal.
        Measured twoRequests = new Measured("Keycloak's direct grant with TOTP, then one request more (userinfo)", r -> {
            String token = expect(grant(env, realm, KEYCLOAK_CLIENT, keycloakThenOne.get(r), true), 200).json()
                    .get("access_token").asText();
            expect(Http.send(Http.request(env.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo")
                    .header("Authorization", "Bearer " + token).GET().build()), 200);
        }, new double[ROUNDS]);
        List<Measured> all = List.of(keycloak, oneRequest, twoStep, passkey, keycloakPages, packPages, passwordOnly, floor,
                twoRequests);

        // The codes that enrolled the last users are used (a code works once): their next ones come in a new period.
        for (int pass = 0; pass < WARMUP_PASSES; pass++) {
            nextPeriod();
            for (int round = 0; round < WARMUP; round++) {
                for (Measured path : all) {
                    path.path().login(round);
                }
            }
        }
        // The measured users log in for the first time since their enrolment, as before there were passes.
        nextPeriod();
        for (int round = 0; round < users; round++) {
            for (Measured path : all) {
                int r = round;
                double millis = time(() -> path.path().login(r));
                if (round >= WARMUP) {
                    path.millis()[round - WARMUP] = millis;
                }
            }
        }
        double grantBase = median(keycloak.millis());
        double pagesBase = median(keycloakPages.millis());
        List<String> lines = new ArrayList<>();
        lines.add(String.format("logins with a second factor beside Keycloak's own flows, %d rounds after %d "
                + "(%d users, %d periods), interleaved, one client, medians:", ROUNDS, WARMUP * (WARMUP_PASSES + 1),
                WARMUP, WARMUP_PASSES + 1));
        lines.add(String.format("  %-78s %9s %9s %7s %7s %6s", "path", "median", "Keycloak", "ratio", "paired", "goal"));
        lines.add(row(oneRequest, keycloak, "<= 1.05"));
        lines.add(row(twoStep, keycloak, "<= 1.10"));
        lines.add(row(packPages, keycloakPages, "<= 1.05"));
        lines.add(row(passkey, keycloak, "-"));
        lines.add(row(twoRequests, keycloak, "-"));
        lines.add(String.format("  (Keycloak: its direct grant with TOTP, median %.1f ms; its browser flow with OTP, median %.1f ms;"
                + " its direct grant of a user without a second factor, median %.1f ms)", grantBase, pagesBase, median(passwordOnly.millis())));
        lines.add(String.format("  (the two-step login's first request alone, the grant that answers 2FA_REQUIRED: median %.1f ms;"
                + " its second request alone, /2fa/totp/authenticate: median %.1f ms;"
                + " a request that does next to nothing, Keycloak's userinfo: median %.1f ms)",
                median(Arrays.copyOfRange(firstSteps, WARMUP, users)),
                median(Arrays.copyOfRange(secondSteps, WARMUP, users)), median(floor.millis())));
        if (ServerProfile.wanted()) {
            lines.addAll(profile(env, all));
        }
        return lines;
    }

    /**
     * Each path alone under JDK Flight Recorder, the same users again in a new period of their
     * codes: the CPU samples (10 ms of a running thread each) per login, by area.
     */
    private static List<String> profile(PackStack env, List<Measured> all) {
        nextPeriod();
        List<ServerProfile.Samples> samples = new ArrayList<>();
        List<ServerProfile.Samples> wall = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Measured path = all.get(i);
            java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("kcpack.workDir", "target"),
                    "benchmark-logins-" + i + ".jfr");
            ServerProfile.Recorded recorded = ServerProfile.record(env.serverPid(), file, () -> {
                for (int round = 0; round < WARMUP + ROUNDS; round++) {
                    path.path().login(round);
                }
            });
            samples.add(recorded.cpu());
            wall.add(recorded.wall());
        }
        int logins = WARMUP + ROUNDS;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("where the time goes: each path alone, %d logins, server CPU samples per login (JFR 'profile', "
                + "a sample each 10 ms of a running thread unless kcpack.bench.profileOptions says otherwise; a sample counts in every area its stack passes through); "
                + "recordings benchmark-logins-<column>.jfr:", logins));
        StringBuilder header = new StringBuilder(String.format("  %-52s", "area"));
        for (int i = 0; i < all.size(); i++) {
            header.append(String.format(" %7s", "[" + i + "]"));
        }
        lines.add(header.toString());
        lines.add(samplesRow("all samples", samples, s -> s.total(), logins));
        for (String area : ServerProfile.areaNames()) {
            lines.add(samplesRow(area, samples, s -> s.area(area), logins));
        }
        if (ServerProfile.asyncProfiler() != null) {
            // Its wall mode takes the stacks of only a few threads each interval (a throttle of its own),
            // not of all: with the server's 150-odd threads one is seen about every 10 ms, so these are weights.
            lines.add("  wall-clock samples per login of threads serving a request, running or waiting (async-profiler, each ms"
                    + " the stacks of a few of the server's threads, so a thread about every 10 ms: compare columns and"
                    + " rows, these are not milliseconds; benchmark-logins-<column>.jfr.wall.txt):");
            lines.add(samplesRow("all requests", wall, s -> s.total(), logins));
            for (String area : ServerProfile.areaNames()) {
                lines.add(samplesRow(area, wall, s -> s.area(area), logins));
            }
        }
        for (int i = 0; i < all.size(); i++) {
            lines.add(String.format("  [%d] %s", i, all.get(i).name()));
        }
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).name().startsWith("the pack's")) {
                lines.add(String.format("  [%d] the pack's methods, inclusive samples per login, top 12:", i));
                lines.addAll(ServerProfile.topMethods(samples.get(i), logins, 12));
                if (ServerProfile.asyncProfiler() != null) {
                    lines.add(String.format("  [%d] the same, wall-clock samples per login, top 16:", i));
                    lines.addAll(ServerProfile.topMethods(wall.get(i), logins, 16));
                }
            }
        }
        return lines;
    }

    private static String samplesRow(String name, List<ServerProfile.Samples> samples,
            java.util.function.ToIntFunction<ServerProfile.Samples> count, int logins) {
        StringBuilder row = new StringBuilder(String.format("  %-52s", name));
        for (ServerProfile.Samples s : samples) {
            row.append(String.format(" %7.2f", (double) count.applyAsInt(s) / logins));
        }
        return row.toString();
    }

    /**
     * Waits for the next TOTP period (the realm's default of 30 seconds, which the benchmark's realm
     * keeps; the server shares this clock), and a second more.
     */
    private static void nextPeriod() {
        long now = System.currentTimeMillis();
        try {
            Thread.sleep((now / 30_000 + 1) * 30_000 + 1_000 - now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void browserLogin(BrowserLogin browser, String realm, String client, TotpUser user) {
        browser.login(realm, client, user.user().username(), user.user().password(), user.app()::code);
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

    /**
     * A path beside Keycloak's: the ratio of the two medians, and the median of the rounds' own
     * ratios ("paired": each round's two logins ran a moment apart, so a machine that speeds up
     * or slows down during the run, as a shared one does, moves both alike).
     */
    private static String row(Measured pack, Measured keycloak, String goal) {
        double median = median(pack.millis());
        double[] paired = new double[pack.millis().length];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = pack.millis()[i] / keycloak.millis()[i];
        }
        return String.format("  %-78s %6.1f ms %6.1f ms %7.2f %7.2f %6s", pack.name(), median, median(keycloak.millis()),
                median / median(keycloak.millis()), median(paired), goal);
    }
}
