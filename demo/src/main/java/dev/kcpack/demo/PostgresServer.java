package dev.kcpack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * user that Debian's package creates; that user writes the data directory and the
 * server's log. Where it cannot reach the work folder (a checkout in a private folder,
 * root's home, say), both go to a fresh private folder under the temporary directory
 * ({@code kcpack-postgres-*}, made like {@code mkdtemp}, given to {@code postgres}), whose
 * path is recorded in the work folder ({@code <name>.location}); {@link #close} copies the
 * log back into the work folder ({@code <name>.log}) and deletes the folder. A server that
 * a killed run left behind is found through its data directory or that record and stopped
 * (and its private folder deleted) before a new one starts.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "keycloak";
    public static final String DATABASE = "keycloak";
    private static final String SYSTEM_USER = "postgres";
    private static final String SCRATCH_PREFIX = "kcpack-postgres-";

    private final Path bin;
    private final Place place;
    private final int port;
    private boolean running;

    private PostgresServer(Path bin, Place place, int port) {
        this.bin = bin;
        this.place = place;
        this.port = port;
    }

    /**
     * Where one server keeps its files. {@code dataDir} and {@code logFile} are written by the
     * server's user; {@code commandLog} (the output of initdb, pg_ctl, createdb) and
     * {@code keptLog} by this JVM. {@code scratch}, where not null, is the private folder that
     * holds the first two, recorded in {@code record}.
     */
    private record Place(Path dataDir, Path logFile, Path commandLog, Path keptLog, Path scratch, Path record) {

        static Place inWorkDir(Path workDir, String name) {
            return new Place(workDir.resolve(name), workDir.resolve(name + ".log"), workDir.resolve(name + ".log.cmd"),
                    workDir.resolve(name + ".log"), null, workDir.resolve(name + ".location"));
        }

        Place inScratch(Path scratch) {
            return new Place(scratch.resolve("data"), scratch.resolve("postgres.log"), commandLog, keptLog, scratch, record);
        }
    }

    /**
     * A new, empty database cluster for {@code workDir/name}, started on a free port.
     * Whatever an earlier run left there is stopped and removed.
     */
    public static PostgresServer startFresh(Path workDir, String name) {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL's initdb and pg_ctl were not found (Debian: apt-get install postgresql)"));
        Path home = workDir.toAbsolutePath();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Place inWorkDir = Place.inWorkDir(home, name);
        stopLeftover(bin, inWorkDir);
        Place place = asRoot() && !serverUserReaches(home) ? inWorkDir.inScratch(newScratch(home, inWorkDir.record())) : inWorkDir;
        PostgresServer server = new PostgresServer(bin, place, KeycloakServer.freePort());
        try {
            server.init();
            server.start();
        } catch (RuntimeException e) {
            try {
                server.close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The data directory: under the work folder, or in the private folder of a server run as {@code postgres}. */
    public Path dataDir() {
        return place.dataDir();
    }

    /** Stops the server; a private folder's log is copied to the work folder, the folder deleted. Safe to call again. */
    @Override
    public synchronized void close() {
        try {
            if (running && Files.isDirectory(place.dataDir())) {
                pgCtl(bin, place, "stop", "-m", "fast");
            }
        } catch (IllegalStateException notRunning) {
            System.out.println("[postgres] " + notRunning.getMessage());
        } finally {
            running = false;
            if (place.scratch() != null && Files.exists(place.scratch())) {
                keepLog(place);
                removeScratch(place.scratch(), place.record());
            }
        }
    }

    private void init() {
        try {
            FileTrees.delete(place.dataDir());
            Files.createDirectories(place.dataDir());
            Files.deleteIfExists(place.logFile());
            Files.createFile(place.logFile());
            Files.deleteIfExists(place.commandLog());
            if (asRoot()) {
                Path owned = place.scratch() != null ? place.scratch() : place.dataDir();
                run(place, List.of("chown", "-R", SYSTEM_USER, owned.toString(), place.logFile().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(place, asServerUser(List.of(bin.resolve("initdb").toString(), "-D", place.dataDir().toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions")));
    }

    private void start() {
        System.out.printf("[postgres] starting PostgreSQL on 127.0.0.1:%d (data: %s)%n", port, place.dataDir());
        // No fsync: the data of a test or demo run is thrown away with target/.
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-postgres"));
        pgCtl(bin, place, "start", "-w", "-t", "60", "-l", place.logFile().toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + place.dataDir() + " -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        run(place, asServerUser(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", USER, DATABASE)));
    }

    /** Stops a server an earlier run left in the work folder or in the private folder it recorded. */
    private static void stopLeftover(Path bin, Place inWorkDir) {
        stopIfRunning(bin, inWorkDir);
        Path record = inWorkDir.record();
        if (!Files.exists(record)) {
            return;
        }
        try {
            Path scratch = Path.of(Files.readString(record).trim());
            // Only a folder this class made: a record never makes it delete anything else.
            if (scratch.isAbsolute() && scratch.getFileName() != null
                    && scratch.getFileName().toString().startsWith(SCRATCH_PREFIX) && Files.isDirectory(scratch)) {
                Place left = inWorkDir.inScratch(scratch);
                stopIfRunning(bin, left);
                keepLog(left);
                removeScratch(scratch, record);
            } else {
                Files.deleteIfExists(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopIfRunning(Path bin, Place place) {
        if (Files.exists(place.dataDir().resolve("postmaster.pid"))) {
            System.out.println("[postgres] stopping the server an earlier run left in " + place.dataDir());
            try {
                pgCtl(bin, place, "stop", "-m", "immediate");
            } catch (IllegalStateException alreadyGone) {
                // the PID file outlived its server
            }
        }
    }

    /**
     * A new private folder under the temporary directory for a server run as {@code postgres}
     * (made with {@code mkdtemp}'s guarantees: a new name, mode 700), given to that user and
     * recorded in the work folder.
     */
    private static Path newScratch(Path home, Path record) {
        for (String candidate : new String[] {System.getProperty("java.io.tmpdir"), "/tmp", "/var/tmp"}) {
            Path parent = Path.of(candidate).toAbsolutePath();
            if (!Files.isDirectory(parent) || !serverUserReaches(parent)) {
                continue;
            }
            try {
                Path scratch = Files.createTempDirectory(parent, SCRATCH_PREFIX);
                Files.writeString(record, scratch.toString());
                Files.setOwner(scratch, scratch.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SYSTEM_USER));
                System.out.println("[postgres] the " + SYSTEM_USER + " user cannot reach " + home
                        + ": its data and log are in " + scratch + " while it runs");
                return scratch;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no temporary folder the " + SYSTEM_USER + " user can reach (tried "
                + System.getProperty("java.io.tmpdir") + ", /tmp, /var/tmp)");
    }

    private static void keepLog(Place place) {
        try {
            if (Files.exists(place.logFile()) && !place.logFile().equals(place.keptLog())) {
                Files.copy(place.logFile(), place.keptLog(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.out.println("[postgres] could not keep the log " + place.logFile() + ": " + e);
        }
    }

    private static void removeScratch(Path scratch, Path record) {
        FileTrees.delete(scratch);
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pgCtl(Path bin, Place place, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", place.dataDir().toString()));
        command.addAll(List.of(args));
        run(place, asServerUser(command));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SYSTEM_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(Place place, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(place.commandLog().toFile()))
                    .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                keepLog(place);
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command)
                        + "; see " + place.commandLog() + " and " + place.keptLog());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the {@code postgres} user can reach (search) {@code dir}: every folder above it included. */
    private static boolean serverUserReaches(Path dir) {
        try {
            Process probe = new ProcessBuilder("runuser", "-u", SYSTEM_USER, "--", "test", "-x", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
