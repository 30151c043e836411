package dev.kcpack.demo.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JDK Flight Recorder on the benchmark's server while one path's logins run
 * ({@code -Dkcpack.bench.profile=true}): started and dumped with {@code jcmd} on the server's JVM,
 * then read here with the JDK's own reader. CPU samples are counted by the frames they pass
 * through: areas of a login (Keycloak's and the pack's) and each of the pack's methods
 * (inclusive), so that paths can be set side by side per login. The recordings stay beside the
 * report for JDK Mission Control.
 */
final class ServerProfile {

    /** Areas of a login, each named by a frame prefix any of its samples pass through. */
    private static final List<Map.Entry<String, String>> AREAS = List.of(
            Map.entry("password hashing (Argon2, Bouncy Castle)", "org.bouncycastle.crypto.generators.Argon2"),
            Map.entry("token signing and encoding", "org.keycloak.jose."),
            Map.entry("token issuance (TokenManager)", "org.keycloak.protocol.oidc.TokenManager."),
            Map.entry("authentication flow (AuthenticationProcessor)", "org.keycloak.authentication.AuthenticationProcessor."),
            Map.entry("JPA / Hibernate", "org.hibernate."),
            Map.entry("JDBC (database driver)", "org.h2."),
            Map.entry("Infinispan (sessions, caches, single-use store)", "org.infinispan."),
            Map.entry("event listeners (EventBuilder.send)", "org.keycloak.events.EventBuilder.send"),
            Map.entry("FreeMarker (page rendering)", "freemarker."),
            Map.entry("the pack (any dev.kcpack frame)", "dev.kcpack."));

    /** CPU samples of one recording: all, by area and by the pack's methods (inclusive). */
    record Samples(int total, Map<String, Integer> areas, Map<String, Integer> methods) {

        int area(String name) {
            return areas.getOrDefault(name, 0);
        }
    }

    private ServerProfile() {
    }

    static boolean wanted() {
        return Boolean.getBoolean("kcpack.bench.profile");
    }

    static List<String> areaNames() {
        return AREAS.stream().map(Map.Entry::getKey).toList();
    }

    /** Records the server ({@code pid}) while {@code work} runs, into {@code file}; its samples. */
    static Samples record(long pid, Path file, Runnable work) {
        List<String> start = new ArrayList<>(List.of("JFR.start", "name=kcpack-bench", "settings=profile"));
        // More events for JDK Mission Control, e.g. "jdk.ThreadPark#threshold=1ms jdk.ExecutionSample#period=1ms".
        String more = System.getProperty("kcpack.bench.profileOptions", "").trim();
        if (!more.isEmpty()) {
            start.addAll(List.of(more.split("\\s+")));
        }
        jcmd(pid, start.toArray(String[]::new));
        try {
            work.run();
        } finally {
            jcmd(pid, "JFR.dump", "name=kcpack-bench", "filename=" + file.toAbsolutePath());
            jcmd(pid, "JFR.stop", "name=kcpack-bench");
        }
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        int total = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                RecordedStackTrace stack = event.getStackTrace();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null) {
                    continue;
                }
                total++;
                Set<String> seenMethods = new HashSet<>();
                Set<String> seenAreas = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    if (frame.getMethod() == null) {
                        continue;
                    }
                    String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                    if (name.startsWith("dev.kcpack.") && seenMethods.add(name)) {
                        methods.merge(name, 1, Integer::sum);
                    }
                    for (Map.Entry<String, String> area : AREAS) {
                        if (name.startsWith(area.getValue()) && seenAreas.add(area.getKey())) {
                            areas.merge(area.getKey(), 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the recording " + file + " could not be read", e);
        }
        return new Samples(total, areas, methods);
    }

    /** The pack's methods with the most samples, inclusive, per login. */
    static List<String> topMethods(Samples samples, int logins, int count) {
        List<String> lines = new ArrayList<>();
        samples.methods().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(count)
                .forEach(m -> lines.add(String.format("    %-104s %6.2f", m.getKey(), (double) m.getValue() / logins)));
        return lines;
    }

    private static void jcmd(long pid, String... command) {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> line = new ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("Could not")) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", line) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
