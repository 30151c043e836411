package dev.kcpack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL the cluster tests and {@code ./mvnw -Prun -Dkcpack.nodes=2} start, in a work
 * folder only its owner may enter (mode 700), as a checkout in root's home is: as root the
 * server runs as {@code postgres}, which cannot enter it, so its data and log must live
 * elsewhere; as anyone else it runs as that user, in the work folder. Skipped where
 * PostgreSQL's server binaries are not installed ({@code ./run-tests} installs them).
 */
class PostgresServerTest {

    @TempDir
    Path temp;

    private Path privateWorkDir;

    @BeforeEach
    void privateFolder() throws IOException {
        assumeTrue(PostgresServer.binaries().isPresent(), "PostgreSQL's initdb and pg_ctl are not installed");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
        privateWorkDir = Files.createDirectories(temp.resolve("checkout/dist/target/cluster"));
        Files.setPosixFilePermissions(temp.resolve("checkout"), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void startsAnswersAndStopsInAPrivateFolder() throws Exception {
        Path dataDir;
        int port;
        try (PostgresServer server = PostgresServer.startFresh(privateWorkDir, "postgres-data")) {
            port = server.port();
            dataDir = server.dataDir();
            // As root the postgres user cannot enter the work folder: the data lives elsewhere.
            assertTrue(asRoot() ? !dataDir.startsWith(temp) : dataDir.startsWith(privateWorkDir), "data directory " + dataDir);
            assertTrue(accepts(port), "the server listens on " + port);
            assertEquals(0, query(port), "psql connects to the database " + PostgresServer.DATABASE);
        }
        assertFalse(accepts(port), "the server is stopped");
        assertTrue(Files.size(privateWorkDir.resolve("postgres-data.log")) > 0, "the server's log is kept in the work folder");
        if (asRoot()) {
            assertFalse(Files.exists(dataDir.getParent()), "the private folder is deleted: " + dataDir.getParent());
            assertFalse(Files.exists(privateWorkDir.resolve("postgres-data.location")), "the record is deleted");
        }
    }

    @Test
    void stopsWhatAnEarlierRunLeft() throws Exception {
        PostgresServer left = PostgresServer.startFresh(privateWorkDir, "postgres-data");
        try (PostgresServer next = PostgresServer.startFresh(privateWorkDir, "postgres-data")) {
            assertFalse(accepts(left.port()), "the earlier server is stopped");
            if (asRoot()) {
                assertFalse(Files.exists(left.dataDir()), "the earlier private folder is deleted");
            }
            assertEquals(0, query(next.port()));
        } finally {
            left.close();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** psql's exit code for {@code select 1}: over TCP with trust authentication, as Keycloak connects. */
    private static int query(int port) throws Exception {
        Path psql = PostgresServer.binaries().orElseThrow().resolve("psql");
        Process process = new ProcessBuilder(List.of(psql.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", PostgresServer.USER, "-d", PostgresServer.DATABASE, "-c", "select 1"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "psql answers in time");
        return process.exitValue();
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
