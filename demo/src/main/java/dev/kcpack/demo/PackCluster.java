package dev.kcpack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Production's shape on one machine: Keycloak nodes with the pack on one PostgreSQL,
 * clustered the way Keycloak clusters by default (embedded Infinispan, the
 * {@code jdbc-ping} stack, so nodes find each other through the database), each node on
 * its own HTTP and clustering port of 127.0.0.1, and one GreenMail. All nodes share one
 * {@code --hostname}, as nodes behind a load balancer must: a token's issuer is the same
 * whichever node issued it.
 *
 * <p>Each node runs from a home of its own (a copy of the distribution, built once with
 * {@code --db=postgres}), so no two processes share Keycloak's {@code data/} folder.
 */
public final class PackCluster implements AutoCloseable {

    /** Offset of JGroups' failure-detection port (FD_SOCK2) above the clustering port. */
    private static final int FAILURE_DETECTION_OFFSET = 50_000;

    private final PostgresServer database;
    private final GreenMail mail;
    private final List<KeycloakServer> nodes;
    private final List<PackStack> stacks;

    private PackCluster(PostgresServer database, GreenMail mail, List<KeycloakServer> nodes, List<PackStack> stacks) {
        this.database = database;
        this.mail = mail;
        this.nodes = nodes;
        this.stacks = stacks;
    }

    /** Starts PostgreSQL (a new, empty one), GreenMail on a free port and a node per HTTP port (0: a free one). */
    public static PackCluster start(PackPaths paths, List<Integer> httpPorts) {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return start(paths, httpPorts, mail);
    }

    /** As above, with a mail server of the caller's (null: none), which {@link #close} stops if given. */
    public static PackCluster start(PackPaths paths, List<Integer> httpPorts, GreenMail mail) {
        Path dir = paths.workDir().resolve("cluster");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer database = PostgresServer.startFresh(dir, "postgres-data");
        List<Integer> ports = httpPorts.stream().map(p -> p == 0 ? KeycloakServer.freePort() : p).toList();
        String hostname = "http://127.0.0.1:" + ports.get(0);
        List<KeycloakServer> nodes = new ArrayList<>();
        List<PackStack> stacks = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            String name = "node-" + (char) ('a' + i);
            Path home = dir.resolve(name);
            // The first node's home is built by the time the next is copied from it, which
            // spares the next a build of its own.
            KeycloakServer.copyHome(i == 0 ? paths.keycloakHome() : dir.resolve("node-a"), home);
            KeycloakServer.Setup setup = new KeycloakServer.Setup(List.of("--db=postgres", "--metrics-enabled=true"), List.of(
                    "--db-url=" + database.jdbcUrl(),
                    "--db-username=" + PostgresServer.USER,
                    "--db-password=" + PostgresServer.USER,
                    "--hostname=" + hostname,
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusteringPort(),
                    PackStack.BEHIND_PROXY));
            KeycloakServer node = KeycloakServer.start(home, paths.providerJar(), dir, name, ports.get(i), true, setup);
            nodes.add(node);
            stacks.add(new PackStack(paths, mail, node));
        }
        return new PackCluster(database, mail, nodes, stacks);
    }

    /** Node {@code i} (0 is "a") as a stack: its URLs, its admin API, the shared inbox. */
    public PackStack node(int i) {
        return stacks.get(i);
    }

    public KeycloakServer server(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    public GreenMail mail() {
        return mail;
    }

    public PostgresServer database() {
        return database;
    }

    /** Stops every node (gracefully, one after the other) and starts them all again. */
    public void restartAll() {
        nodes.forEach(KeycloakServer::close);
        nodes.forEach(KeycloakServer::restart);
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::close);
        if (mail != null) {
            mail.stop();
        }
        database.close();
    }

    /**
     * A free clustering port whose failure-detection port is free too; kept below what
     * the offset allows.
     */
    private static int clusteringPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 7800 + (int) (Math.random() * 7000);
            if (free(port) && free(port + FAILURE_DETECTION_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free clustering port between 7800 and 14800");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /**
     * Makes {@code to} a copy of the Keycloak home {@code from}, without its {@code data/}
     * folder, unless it is one already: the same Keycloak version and, where {@code from}
     * has been built, the same build. What changes after (the provider JAR, the build
     * options) the launcher takes care of, as for any home.
     */
}
