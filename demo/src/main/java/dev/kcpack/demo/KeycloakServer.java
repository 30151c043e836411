package dev.kcpack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Keycloak distribution, unpacked by Maven, with our provider JAR in
 * {@code providers/}. It is re-augmented ({@code kc.sh build}) only when the JAR or
 * the build options changed, started with {@code start --optimized} on 127.0.0.1
 * with the JDK that runs this code, and stopped by the PIDs it started: a server
 * left behind by a killed run is found through its PID file and stopped next time.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /**
     * How a server is built and started: build-time options (changing them forces a
     * re-augmentation) and start options beyond the HTTP port and management port.
     */
    public record Setup(List<String> buildOptions, List<String> startOptions) {
        /**
         * Keycloak's declarative admin UI (experimental from 26.4 to 26.7): only the pack's
         * settings tab and mail-brands page need it; the pack itself runs without it, as many
         * adopters' Keycloak does, so the tests' server is built without any feature.
         */
        public static final String CONSOLE_PAGES = "--features=declarative-ui";

        /** One node on Keycloak's file database, any Host header accepted, no feature switched on. */
        public static final Setup DEV_FILE = new Setup(List.of("--db=dev-file", "--metrics-enabled=true"),
                List.of("--hostname-strict=false"));

        /** One node on {@code database}, no clustering, any Host header accepted (the upgrade test). */
        public static Setup onPostgres(PostgresServer database) {
            return new Setup(List.of("--db=postgres", "--metrics-enabled=true"), List.of(
                    "--db-url=" + database.jdbcUrl(),
                    "--db-username=" + PostgresServer.USER,
                    "--db-password=" + PostgresServer.USER,
                    "--cache=local",
                    "--hostname-strict=false"));
        }

        /** This setup with one more start option. */
        public Setup withStartOption(String option) {
            List<String> options = new ArrayList<>(startOptions);
            options.add(option);
            return new Setup(buildOptions, List.copyOf(options));
        }

        /** This setup with one more build option. */
        public Setup withBuildOption(String option) {
            List<String> options = new ArrayList<>(buildOptions);
            options.add(option);
            return new Setup(List.copyOf(options), startOptions);
        }
    }
    private static final String PROVIDER_FILE = "kcpack-providers.jar";
    private static final String BUILD_MARKER = "kcpack-build.sha256";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path home;
    private final Path logFile;
    private final Path pidFile;
    private final int port;
    private final int managementPort;
    private final Setup setup;
    private Process process;
    private boolean shutdownHookAdded;

    private KeycloakServer(Path home, Path workDir, String name, int port, Setup setup) {
        this.home = home;
        this.logFile = workDir.resolve(name + ".log");
        this.pidFile = workDir.resolve(name + ".pid");
        this.port = port;
        this.managementPort = freePort();
        this.setup = setup;
    }

    /**
     * Installs the JAR, augments if needed and starts the server.
     *
     * @param name          names the log and PID files in {@code workDir}
     * @param port          HTTP port, 0 for a free one
     * @param freshDatabase start from an empty database (tests) or keep it (the demo)
     */
    public static KeycloakServer start(Path home, Path providerJar, Path workDir, String name, int port,
                                       boolean freshDatabase) {
        return start(home, providerJar, workDir, name, port, freshDatabase, Setup.DEV_FILE);
    }

    /** As above, built and started with {@code setup}. */
    public static KeycloakServer start(Path home, Path providerJar, Path workDir, String name, int port,
                                       boolean freshDatabase, Setup setup) {
        KeycloakServer server = new KeycloakServer(home, workDir, name, port == 0 ? freePort() : port, setup);
        server.stopLeftover();
        try {
            Files.deleteIfExists(server.logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.install(providerJar);
        if (freshDatabase) {
            FileTrees.delete(home.resolve("data"));
        }
        server.launch();
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Keycloak's management interface: {@code /metrics} (when built with metrics), {@code /health}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** Blocks until the server process ends (the demo waits here for Ctrl-C). */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** Kills the server at once (SIGKILL), as a crashed node would die: no shutdown of any kind. */
    public void kill() {
        if (process != null) {
            List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            tree.forEach(p -> p.onExit().join());
            process = null;
        }
    }

    /** Starts the server again, on the same port and with the same setup, after {@link #kill} or {@link #close}. */
    public void restart() {
        if (process != null) {
            throw new IllegalStateException("still running");
        }
        launch();
    }

    /**
     * Makes {@code to} a copy of the distribution at {@code from} (without its database), for
     * a server of its own build options; an up-to-date copy is kept, which spares a build.
     */
    public static void copyHome(Path from, Path to) {
        try {
            if (Files.isDirectory(to) && sameFile(from, to, "version.txt")
                    && (!Files.exists(from.resolve(BUILD_MARKER)) || sameFile(from, to, BUILD_MARKER))) {
                return;
            }
            FileTrees.delete(to);
            FileTrees.copy(from, to, "data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameFile(Path from, Path to, String name) throws IOException {
        Path a = from.resolve(name);
        Path b = to.resolve(name);
        return Files.exists(a) && Files.exists(b) && Files.mismatch(a, b) == -1;
    }

    /** The PID of the server's JVM (kc.sh runs it as a child), for the JDK's diagnostic tools. */
    public long javaPid() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no JVM under " + process.pid()))
                .pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null) {
            stopTree(process.toHandle());
            process = null;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale file only names processes that no longer run
        }
    }

    private void install(Path providerJar) {
        try {
            Path installed = home.resolve("providers").resolve(PROVIDER_FILE);
            if (!Files.exists(installed) || Files.mismatch(providerJar, installed) != -1) {
                Files.copy(providerJar, installed, StandardCopyOption.REPLACE_EXISTING);
            }
            String wanted = sha256(Files.readAllBytes(installed)) + " " + String.join(" ", setup.buildOptions());
            Path marker = home.resolve(BUILD_MARKER);
            if (Files.exists(marker) && Files.readString(marker).equals(wanted + augmentation())) {
                System.out.println("[keycloak] provider JAR unchanged: no re-augmentation");
                return;
            }
            System.out.println("[keycloak] provider JAR or build options changed: running kc.sh build "
                    + setup.buildOptions());
            List<String> command = new ArrayList<>(List.of(script().toString(), "build"));
            command.addAll(setup.buildOptions());
            long started = System.nanoTime();
            Process build = processBuilder(command)
                    .redirectOutput(logFile.resolveSibling(logFile.getFileName() + ".build").toFile())
                    .start();
            if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                stopTree(build.toHandle());
                throw new IllegalStateException("kc.sh build failed; see " + logFile + ".build");
            }
            Files.writeString(marker, wanted + augmentation());
            System.out.printf("[keycloak] augmented in %d s%n", elapsedSeconds(started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(script().toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + managementPort));
        command.addAll(setup.startOptions());
        System.out.printf("[keycloak] starting Keycloak at %s (log: %s)%n", baseUrl(), logFile);
        long started = System.nanoTime();
        try {
            process = processBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!shutdownHookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-keycloak"));
            shutdownHookAdded = true;
        }
        awaitReady();
        System.out.printf("[keycloak] started in %d s%n", elapsedSeconds(started));
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak did not start within " + START_TIMEOUT + "; see " + logFile);
    }

    private ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.remove("JAVA_OPTS");
        return builder;
    }

    private Path script() {
        Path script = home.resolve("bin/kc.sh");
        if (!script.toFile().canExecute() && !script.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + script + " executable");
        }
        return script;
    }

    /** Stops a server an earlier, killed run left behind: only if its PID is still ours. */
    private void stopLeftover() {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false));
            leftover.ifPresent(p -> {
                System.out.println("[keycloak] stopping the server an earlier run left behind, PID " + pid);
                stopTree(p);
            });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            System.out.println("[keycloak] ignoring unreadable " + pidFile + ": " + e);
        }
    }

    private static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ProcessHandle p : tree) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                sleep(100);
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the last {@code kc.sh build} left: the marker names it too, because unpacking the
     * distribution again (its zip newer than the unpack, e.g. fetched into another Maven
     * repository) restores Keycloak's stock augmentation under an unchanged JAR and marker, and
     * {@code start --optimized} then refuses to start.
     */
    private String augmentation() throws IOException {
        Path built = home.resolve("lib").resolve("quarkus").resolve("quarkus-application.dat");
        return Files.exists(built) ? "\n" + sha256(Files.readAllBytes(built)) : "\nnot built";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long elapsedSeconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
