package dev.kcpack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of our own for one run: Debian's binaries ({@code initdb},
 * {@code pg_ctl}), a data directory under {@code target/}, a free port of 127.0.0.1,
 * trust authentication for the one user {@code keycloak}. No system service is used or
 * touched. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres}
 * user that Debian's package creates. {@code pg_ctl stop} on our own data directory
 * stops it; a server that a killed run left behind is found through the same directory
 * and stopped before a new one starts.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "keycloak";
    public static final String DATABASE = "keycloak";
    private static final String SYSTEM_USER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private boolean running;

    private PostgresServer(Path bin, Path dataDir, Path logFile, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
    }

    /**
     * A new, empty database cluster in {@code workDir/name}, started on a free port.
     * Whatever an earlier run left there is stopped and removed.
     */
    public static PostgresServer startFresh(Path workDir, String name) {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL's initdb and pg_ctl were not found (Debian: apt-get install postgresql)"));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path dataDir = reachableByServerUser(workDir.resolve(name).toAbsolutePath());
        PostgresServer server = new PostgresServer(bin, dataDir, workDir.resolve(name + ".log").toAbsolutePath(),
                KeycloakServer.freePort());
        server.stopLeftover();
        server.init();
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        if (running) {
            pgCtl("stop", "-m", "fast");
            running = false;
        }
    }

    private void init() {
        try {
            FileTrees.delete(dataDir);
            Files.createDirectories(dataDir);
            Files.deleteIfExists(logFile);
            Files.createFile(logFile);
            if (asRoot()) {
                run(List.of("chown", "-R", SYSTEM_USER, dataDir.toString(), logFile.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions")));
    }

    private void start() {
        System.out.printf("[postgres] starting PostgreSQL on 127.0.0.1:%d (data: %s)%n", port, dataDir);
        // No fsync: the data of a test or demo run is thrown away with target/.
        pgCtl("start", "-w", "-t", "60", "-l", logFile.toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir + " -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-postgres"));
        run(asServerUser(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", USER, DATABASE)));
    }

    private void stopLeftover() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            System.out.println("[postgres] stopping the server an earlier run left in " + dataDir);
            try {
                pgCtl("stop", "-m", "immediate");
            } catch (IllegalStateException alreadyGone) {
                // the PID file outlived its server
            }
        }
    }

    private void pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString()));
        command.addAll(List.of(args));
        run(asServerUser(command));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SYSTEM_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.resolveSibling(logFile.getFileName() + ".cmd").toFile()))
                    .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command)
                        + "; see " + logFile + ".cmd and " + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code wanted}, if the {@code postgres} user can reach its folder; else a folder of
     * the same name under the temporary directory (a checkout under {@code /root}, say).
     */
    private static Path reachableByServerUser(Path wanted) {
        if (!asRoot()) {
            return wanted;
        }
        try {
            Process probe = new ProcessBuilder("runuser", "-u", SYSTEM_USER, "--", "test", "-x",
                    wanted.getParent().toString()).start();
            if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return wanted;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "kcpack-" + Integer.toHexString(wanted.hashCode()),
                wanted.getFileName().toString());
        System.out.println("[postgres] the postgres user cannot reach " + wanted.getParent() + ": data in " + fallback);
        try {
            Files.createDirectories(fallback.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fallback;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Debian keeps the server binaries off the PATH, under one folder per major version. */
    static Optional<Path> binaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> majorVersion(b.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(Path::of)
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                .findFirst();
    }

    private static int majorVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
