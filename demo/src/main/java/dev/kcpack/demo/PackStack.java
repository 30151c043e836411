package dev.kcpack.demo;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One Keycloak server with the pack and one GreenMail SMTP server, both on free ports of
 * 127.0.0.1: what the integration tests and the benchmark run against. Each user of it
 * makes its own realms from the realm export.
 */
public class PackStack implements AutoCloseable {

    /** The demo realm's public client, which allows the direct grant. */
    public static final String CLIENT_ID = "demo-app";
    /** A user of the realm export with a password and no second factor. */
    public static final String PLAIN_USER = "alice";
    public static final String PLAIN_USER_PASSWORD = "Alice-demo-1";
    public static final String PLAIN_USER_EMAIL = "alice@demo.kcpack.localhost";

    private final PackPaths paths;
    private final GreenMail mail;
    private final KeycloakServer keycloak;
    private final KeycloakAdmin admin;

    protected PackStack(PackStack started) {
        this(started.paths, started.mail, started.keycloak);
    }

    /** A stack of {@code keycloak} (one node of a cluster, say) and {@code mail}. */
    public PackStack(PackPaths paths, GreenMail mail, KeycloakServer keycloak) {
        this.paths = paths;
        this.mail = mail;
        this.keycloak = keycloak;
        this.admin = new KeycloakAdmin(keycloak.baseUrl());
    }

    /** Keycloak with the pack as most adopters run it: no experimental feature switched on. */
    public static PackStack start() {
        PackPaths paths = PackPaths.fromSystemProperties();
        return start(paths, paths.keycloakHome(), "keycloak-it", KeycloakServer.Setup.DEV_FILE);
    }

    /**
     * Keycloak built with the declarative admin UI, where the pack's settings tab and
     * mail-brands page show: a copy of the distribution of its own, since the build options
     * live in the distribution's folder.
     */
    public static PackStack startWithConsolePages() {
        PackPaths paths = PackPaths.fromSystemProperties();
        Path home = paths.workDir().resolve(paths.keycloakHome().getFileName() + "-console-pages");
        KeycloakServer.copyHome(paths.keycloakHome(), home);
        return start(paths, home, "keycloak-console-pages-it",
                KeycloakServer.Setup.DEV_FILE.withBuildOption(KeycloakServer.Setup.CONSOLE_PAGES));
    }

    /**
     * As behind a reverse proxy that names the client in {@code X-Forwarded-For}: the tests knock
     * on the public doors as many client addresses, as the budgets per address see them.
     */
    static final String BEHIND_PROXY = "--proxy-headers=xforwarded";

    /**
     * The tests' server: it also trusts the root of the attestations of {@link SoftwarePasskey#attested}
     * devices, as an admin adds an authenticator vendor's root to Keycloak's truststore, and takes
     * the client's address from a proxy's header.
     */
    private static PackStack start(PackPaths paths, Path home, String name, KeycloakServer.Setup setup) {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Path attestationRoot = SoftwarePasskey.writeAttestationRoot(paths.workDir().resolve(name + "-truststore"));
        KeycloakServer keycloak = KeycloakServer.start(home, paths.providerJar(), paths.workDir(), name, 0, true,
                setup.withStartOption("--truststore-paths=" + attestationRoot).withStartOption(BEHIND_PROXY));
        return new PackStack(paths, mail, keycloak);
    }

    public String baseUrl() {
        return keycloak.baseUrl();
    }

    /** Keycloak's management interface, where {@code /metrics} is. */
    public String managementUrl() {
        return keycloak.managementUrl();
    }

    /** The Keycloak server's log file. */
    public Path keycloakLog() {
        return keycloak.logFile();
    }

    public GreenMail mail() {
        return mail;
    }

    public KeycloakAdmin admin() {
        return admin;
    }

    /** A new realm imported from the realm export, its mail going to GreenMail. */
    public String newRealm() {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        admin.importRealm(paths.realmExport(), name, mail.getSmtp().getPort());
        return name;
    }

    /** A user of its own for one test: password, email, no second factor. */
    public record TestUser(String realm, String id, String username, String email, String password) {
    }

    public TestUser newUser(String realm) {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@example.test";
        String password = "Pass-" + UUID.randomUUID();
        String id = admin.createUser(realm, username, email, password);
        return new TestUser(realm, id, username, email, password);
    }

    /** The PID of the server's JVM, for the JDK's diagnostic tools. */
    public long serverPid() {
        return keycloak.javaPid();
    }

    /** A fresh access token (and so a fresh user session) of a test user. */
    public String accessToken(TestUser user) {
        return accessToken(user.realm(), user.username(), user.password());
    }

    /** An access token of {@code user} from the realm's token endpoint (direct grant). */
    public String accessToken(String realm, String user, String password) {
        return accessToken(realm, Map.of("username", user, "password", password));
    }

    /** An access token of a user with a second factor, whose code goes in the same request. */
    public String accessTokenWithTotp(TestUser user, String totp) {
        return accessToken(user.realm(), Map.of("username", user.username(), "password", user.password(), "totp", totp));
    }

    /** The demo app's password grant for {@code user}, with {@code extra} form fields (a code, say). */
    public Http.Answer passwordGrant(TestUser user, Map<String, String> extra) {
        Map<String, String> credentials = new java.util.HashMap<>(extra);
        credentials.put("username", user.username());
        credentials.put("password", user.password());
        return passwordGrant(user.realm(), credentials);
    }

    /** The partial auth token that the password grant gives a user with 2FA. */
    public String partialToken(TestUser user) {
        Http.Answer answer = rightPasswordGrant(user.realm(), grantForm(Map.of("username", user.username(), "password", user.password())));
        if (answer.status() != 401 || !answer.json().has("partialAuthToken")) {
            throw new IllegalStateException("expected 2FA_REQUIRED, got " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("partialAuthToken").asText();
    }

    private Http.Answer passwordGrant(String realm, Map<String, String> credentials) {
        return tokenEndpoint(realm, grantForm(credentials));
    }

    private static Map<String, String> grantForm(Map<String, String> credentials) {
        Map<String, String> form = new java.util.HashMap<>(credentials);
        form.putAll(Map.of("grant_type", "password", "client_id", CLIENT_ID, "scope", "openid"));
        return form;
    }

    /**
     * A password grant ({@code form} as it is) whose password is right. Keycloak's default
     * brute-force detector (DefaultBlockingBruteForceProtector, 26.4 to 26.7, in realms with
     * brute-force detection on) refuses a user's login as "temporarily disabled" while the success
     * of the user's previous login is still being recorded on its "bruteforce" executor, and
     * answers it as it answers a wrong password. A caller logging the same user in back to back can
     * meet that window; such a refusal is sent again after a pause (five times at most), which
     * a wrong password would not survive.
     */
    public Http.Answer rightPasswordGrant(String realm, Map<String, String> form) {
        Http.Answer answer = tokenEndpoint(realm, form);
        for (int retry = 0; retry < 5 && refusedAsCredentials(answer); retry++) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
            answer = tokenEndpoint(realm, form);
        }
        return answer;
    }

    private static boolean refusedAsCredentials(Http.Answer answer) {
        return answer.status() == 401 && answer.body().contains("\"invalid_grant\"")
                && answer.body().contains("Invalid user credentials");
    }

    /** Keycloak's token endpoint of {@code realm}, sent {@code form} as it is (any grant, any client). */
    public Http.Answer tokenEndpoint(String realm, Map<String, String> form) {
        return Http.send(Http.request(baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(form))
                .build());
    }

    private String accessToken(String realm, Map<String, String> credentials) {
        Http.Answer answer = rightPasswordGrant(realm, grantForm(credentials));
        if (answer.status() != 200) {
            throw new IllegalStateException("token endpoint answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("access_token").asText();
    }

    /** The pack's API of a realm, e.g. {@code api(realm, "/2fa")}. */
    public String api(String realm, String path) {
        return baseUrl() + "/realms/" + realm + "/user" + path;
    }

    @Override
    public void close() {
        keycloak.close();
        mail.stop();
    }
}
