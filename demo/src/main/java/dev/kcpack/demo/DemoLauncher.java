package dev.kcpack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The run command ({@code ./mvnw -Prun}): GreenMail as the mail inbox, Keycloak with
 * the pack, the demo realm imported with its SMTP pointed at GreenMail. With
 * {@code -Dkcpack.nodes=2} (or more), PostgreSQL and that many clustered Keycloak nodes on
 * consecutive ports. Ctrl-C stops every process it started.
 */
public final class DemoLauncher {

    private static final String DEMO_REALM = "demo";

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        PackPaths paths = PackPaths.fromSystemProperties();
        Path greenmailJar = PackPaths.existing("kcpack.greenmailJar");
        int httpPort = Integer.getInteger("kcpack.http.port", 8080);
        int smtpPort = Integer.getInteger("kcpack.smtp.port", 3025);
        int mailApiPort = Integer.getInteger("kcpack.mailApi.port", 8083);

        Process mail = startGreenMail(greenmailJar, paths.workDir(), smtpPort, mailApiPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(mail), "stop-greenmail"));

        int nodeCount = Integer.getInteger("kcpack.nodes", 1);
        KeycloakServer keycloak;
        String nodes;
        if (nodeCount > 1) {
            // Production's shape: nodes on one PostgreSQL, clustered; every node serves every request.
            List<Integer> ports = java.util.stream.IntStream.range(0, nodeCount).mapToObj(i -> httpPort + i).toList();
            PackCluster cluster = PackCluster.start(paths, ports, null);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-cluster"));
            keycloak = cluster.server(0);
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < nodeCount; i++) {
                list.append(String.format("%n Node %c            http://localhost:%d/realms/demo/account   (log: %s)",
                        'a' + i, ports.get(i), cluster.server(i).logFile()));
            }
            list.append(String.format("%n PostgreSQL        127.0.0.1:%d, database %s, user %s (no password)",
                    cluster.database().port(), PostgresServer.DATABASE, PostgresServer.USER));
            nodes = list.toString();
        } else {
            // The demo shows the pack's admin-console pages too (declarative UI, experimental).
            keycloak = KeycloakServer.start(paths.keycloakHome(), paths.providerJar(), paths.workDir(),
                    "keycloak-demo", httpPort, false,
                    KeycloakServer.Setup.DEV_FILE.withBuildOption(KeycloakServer.Setup.CONSOLE_PAGES));
            nodes = "";
        }
        new KeycloakAdmin(keycloak.baseUrl()).importRealm(paths.realmExport(), DEMO_REALM, smtpPort);
        createMailboxes(paths.realmExport(), mailApiPort);

        String kc = "http://localhost:" + httpPort;
        String inbox = "http://localhost:" + mailApiPort;
        System.out.println("""

                ==================================================================
                 kcpack demo is running. Ctrl-C stops Keycloak and the mail inbox.
                ------------------------------------------------------------------
                 Admin console     %1$s/admin/            (admin / admin)
                 Demo realm login  %1$s/realms/demo/account
                 Demo users        alice / Alice-demo-1     no second factor
                                   bob   / Bob-demo-1       TOTP (app secret NNRXAYLDNMWWIZLNN4WWE33CFVQXA4BR)
                                   carol / Carol-demo-1     email OTP
                                   dave  / Dave-demo-1      TOTP (NNRXAYLDNMWWIZLNN4WWIYLWMUWWC4BR) and email OTP
                                   recovery codes: <name>demo00000000000 ... <name>demo09 (see docs/demo.md)
                 Pack REST API     %1$s/realms/demo/user/2fa
                 Mail inbox (API)  %2$s/                  (GreenMail, SMTP on port %3$d)
                 Alice's mail      %2$s/api/user/alice@demo.kcpack.localhost/messages/INBOX
                 Keycloak log      %4$s%5$s
                ==================================================================
                """.formatted(kc, inbox, smtpPort, keycloak.logFile(), nodes));
        int exit = keycloak.awaitExit();
        System.out.println("Keycloak exited with " + exit);
    }

    private static Process startGreenMail(Path jar, Path workDir, int smtpPort, int apiPort)
            throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.auth.disabled",
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort,
                "-jar", jar.toString());
        Path log = workDir.resolve("greenmail-demo.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + "/api/service/readiness")).timeout(Duration.ofSeconds(2)).build();
        for (int attempt = 0; attempt < 60; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("GreenMail exited; see " + log);
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        stop(process);
        throw new IllegalStateException("GreenMail did not start; see " + log);
    }

    /** An empty inbox per demo user, so the inbox URLs answer before the first mail. */
    private static void createMailboxes(Path realmExport, int apiPort) throws IOException {
        for (var user : Http.JSON.readTree(java.nio.file.Files.readString(realmExport)).path("users")) {
            String email = user.path("email").asText(null);
            if (email != null) {
                Http.send(Http.request("http://127.0.0.1:" + apiPort + "/api/user")
                        .header("Content-Type", "application/json")
                        .POST(Http.json(java.util.Map.of("email", email, "login", email, "password", email)))
                        .build());
            }
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
