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
            Map.entry("the pack (any dev.kcpack frame)", "dev.kcpack."),
            // Waits, seen only by wall-clock samples: a parked thread (a lock, a future), socket I/O.
            Map.entry("parked (locks, futures)", "jdk.internal.misc.Unsafe.park"),
            Map.entry("socket I/O", "sun.nio.ch.SocketDispatcher."));

    /** A frame of every thread serving a REST or OIDC request in Keycloak (RESTEasy Reactive on Quarkus). */
    private static final String REQUEST_FRAME = "org.jboss.resteasy.reactive.common.core.AbstractResteasyReactiveContext.run";

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

    /**
     * async-profiler's library ({@code -Dkcpack.bench.asyncProfiler=/path/libasyncProfiler.so}, from the
     * {@code tools.profiler:async-profiler} JAR) for wall-clock samples beside the CPU ones; unset, none.
     */
    static Path asyncProfiler() {
        String library = System.getProperty("kcpack.bench.asyncProfiler", "").trim();
        return library.isEmpty() ? null : Path.of(library).toAbsolutePath();
    }

    /** One path's recording: its CPU samples and, with async-profiler, its wall-clock samples of requests. */
    record Recorded(Samples cpu, Samples wall) {
    }

    /**
     * Records the server ({@code pid}) while {@code work} runs, into {@code file}; its samples. With
     * async-profiler, also a sample each millisecond of every thread serving a request, running or
     * waiting (the database, a lock, the network), into {@code file}'s collapsed stacks.
     */
    static Recorded record(long pid, Path file, Runnable work) {
        Path library = asyncProfiler();
        Path wallFile = file.resolveSibling(file.getFileName() + ".wall.txt").toAbsolutePath();
        if (library != null) {
            // Quoted: jcmd would otherwise split the options at their first '='.
            jcmd(pid, "JVMTI.agent_load", library.toString(), "\"start,event=wall,interval=1ms\"");
        }
        Samples cpu = recordCpu(pid, file, () -> {
            try {
                work.run();
            } finally {
                if (library != null) {
                    jcmd(pid, "JVMTI.agent_load", library.toString(), "\"stop,collapsed,file=" + wallFile + "\"");
                }
            }
        });
        return new Recorded(cpu, library == null ? null : wall(wallFile));
    }

    /**
     * The wall-clock samples of threads in a request (a stack through RESTEasy's request context),
     * by area and by the pack's methods, from async-profiler's collapsed stacks
     * ({@code frame;frame;... count}).
     */
    private static Samples wall(Path collapsed) {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        int total = 0;
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(collapsed);
        } catch (IOException e) {
            throw new IllegalStateException("async-profiler's output " + collapsed + " could not be read", e);
        }
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String stack = line.substring(0, space).replace('/', '.');
            if (!stack.contains(REQUEST_FRAME)) {
                continue;
            }
            int count = Integer.parseInt(line.substring(space + 1).trim());
            total += count;
            Set<String> seenMethods = new HashSet<>();
            Set<String> seenAreas = new HashSet<>();
            for (String name : stack.split(";")) {
                count(name, count, seenMethods, methods, seenAreas, areas);
            }
        }
        return new Samples(total, areas, methods);
    }

    private static void count(String name, int count, Set<String> seenMethods, Map<String, Integer> methods,
                              Set<String> seenAreas, Map<String, Integer> areas) {
        if (name.startsWith("dev.kcpack.") && seenMethods.add(name)) {
            methods.merge(name, count, Integer::sum);
        }
        for (Map.Entry<String, String> area : AREAS) {
            if (name.startsWith(area.getValue()) && seenAreas.add(area.getKey())) {
                areas.merge(area.getKey(), count, Integer::sum);
            }
        }
    }

    private static Samples recordCpu(long pid, Path file, Runnable work) {
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
                    count(name, 1, seenMethods, methods, seenAreas, areas);
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
