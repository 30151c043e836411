package dev.kcpack.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.KeycloakServer;
import dev.kcpack.demo.PackCluster;
import dev.kcpack.demo.PackPaths;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.UserApi;

/**
 * Not a test: on two clustered nodes on PostgreSQL, the two-step API login (password
 * grant, then a recovery code with the partial token) per second with every client on
 * one node and with the clients spread over both, under the same load; and how much a
 * node's heap grows per 10,000 entries of the pack's state (limiter entries, which live
 * in the database, and entries of the single-use store: pending TOTP setups and mail
 * cooldowns), and over 100,000 passkey sign-in options asked by strangers, which keep nothing. Run with {@code ./mvnw -Pbench}; the report goes to stdout and
 * {@code dist/target/benchmark-cluster.txt}.
 */
public final class ClusterBenchmark {

    private static final int CLIENTS = Integer.getInteger("kcpack.bench.clients", 8);
    private static final int SECONDS = Integer.getInteger("kcpack.bench.seconds", 15);
    private static final int ENTRIES = 10_000;
    /** Pending setups need a user each: this many are made, and the growth scaled to 10,000. */
    private static final int SETUPS = Integer.getInteger("kcpack.bench.setups", 1_000);
    /** Options calls of strangers: the measure, 100,000 calls. */
    private static final int STRANGER_CALLS = Integer.getInteger("kcpack.bench.strangerCalls", 100_000);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (PackCluster cluster = PackCluster.start(PackPaths.fromSystemProperties(), List.of(0, 0))) {
            PackStack a = cluster.node(0);
            String realm = a.newRealm();
            a.admin().setPackSettings(realm, Map.of("resetAnswerMillis", "0"));
            // Its clients call the public doors thousands of times a minute from one address: what is kept
            // per call is measured, not the budgets (which would refuse them, and keep a bounded few entries).
            a.admin().withoutDoorBudgets(realm);
            List<UserApi> apis = List.of(new UserApi(a, realm), new UserApi(cluster.node(1), realm));
            List<String> report = new ArrayList<>();
            report.add(String.format("kcpack cluster benchmark: 2 nodes, PostgreSQL, %d clients for %d s each run, loopback, %d cores",
                    CLIENTS, SECONDS, Runtime.getRuntime().availableProcessors()));

            // Keycloak's detector would count the clients' parallel logins of one user as an attack.
            a.admin().setBruteForceProtected(realm, false);
            List<UsableCode> codes = UsableCode.make(a, apis.get(0), realm, 2_500);
            // Each client logs its own users in: two clients on one user would wait for each other at the gate.
            List<ConcurrentLinkedQueue<UsableCode>> perClient = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                perClient.add(new ConcurrentLinkedQueue<>());
            }
            Map<String, Integer> clientOfUser = new java.util.HashMap<>();
            for (UsableCode code : codes) {
                int client = clientOfUser.computeIfAbsent(code.user().id(), id -> clientOfUser.size() % CLIENTS);
                perClient.get(client).add(code);
            }
            loginsPerSecond(cluster, perClient, apis, 1, SECONDS / 3);
            report.add(loginsPerSecond(cluster, perClient, apis, 1, SECONDS));
            report.add(loginsPerSecond(cluster, perClient, apis, 2, SECONDS));

            KeycloakServer nodeA = cluster.server(0);
            report.add(heapGrowth(nodeA, "limiter entries (wrong reset codes, one address each; rows in the database)",
                    ENTRIES, i -> apis.get(0).post("/password/reset/validate", null,
                            Map.of("email", "bench-limiter-" + i + "@example.test", "otp", "000000"))));
            report.add(heapGrowth(nodeA, "mail cooldowns (reset codes asked for, one address each; single-use store)",
                    ENTRIES, i -> apis.get(0).post("/password/reset/send", null,
                            Map.of("email", "bench-cooldown-" + i + "@example.test"))));
            // A stranger's bare options calls (no token): the challenge travels signed, nothing is kept.
            a.admin().setPackSettings(realm, Map.of("passkeySignIn", "true"));
            report.add(heapGrowth(nodeA, "passkey sign-in options asked by strangers (nothing kept)",
                    STRANGER_CALLS, i -> apis.get(0).post("/passkey/sign-in/options", null, Map.of("clientId", "demo-app"))));
            List<String> accesses = accessTokens(a, realm, SETUPS);
            report.add(heapGrowth(nodeA, "pending TOTP setups (one user each; single-use store)",
                    SETUPS, i -> apis.get(0).post("/2fa/totp/setup", accesses.get(i), Map.of())));

            report.forEach(System.out::println);
            Path out = Path.of(System.getProperty("kcpack.workDir", "target"), "benchmark-cluster.txt");
            Files.write(out, report);
            System.out.println("written to " + out);
        }
    }

    /** {@value #CLIENTS} clients doing two-step logins for {@code seconds}, over the first {@code nodes} nodes. */
    private static String loginsPerSecond(PackCluster cluster, List<ConcurrentLinkedQueue<UsableCode>> perClient,
                                          List<UserApi> apis, int nodes, int seconds) throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int node = c % nodes;
            ConcurrentLinkedQueue<UsableCode> codes = perClient.get(c);
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    UsableCode next = codes.poll();
                    if (next == null) {
                        throw new IllegalStateException("ran out of recovery codes");
                    }
                    PackStack stack = cluster.node(node);
                    Http.Answer first = stack.passwordGrant(next.user(), Map.of());
                    Http.Answer second = first.status() == 401 && first.json().has("partialAuthToken")
                            ? apis.get(node).post("/2fa/recovery-code/authenticate",
                                    first.json().get("partialAuthToken").asText(), Map.of("recoveryCode", next.code()))
                            : first;
                    (second.status() == 200 ? done : failed).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        return String.format("two-step API logins, %d clients on %d node%s: %6.1f per second (%d in %d s, %d failed)",
                CLIENTS, nodes, nodes == 1 ? " " : "s", done.get() / (double) seconds, done.get(), seconds, failed.get());
    }

    /** Heap of {@code node} after a full GC, before and after {@code count} calls, scaled to 10,000 entries. */
    private static String heapGrowth(KeycloakServer node, String what, int count,
                                     java.util.function.IntFunction<Http.Answer> call) throws Exception {
        long before = usedHeapKib(node);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CLIENTS; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (call.apply(i).status() >= 500) {
                        unexpected.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        long after = usedHeapKib(node);
        double perTenThousand = (after - before) / 1024.0 * ENTRIES / count;
        return String.format("heap growth per %,d %s: %+.1f MiB (measured over %,d, %d server errors)",
                ENTRIES, what, perTenThousand, count, unexpected.get());
    }

    /** The node's used heap after a full collection, read with the JDK's jcmd. */
    private static long usedHeapKib(KeycloakServer node) throws IOException, InterruptedException {
        long pid = node.javaPid();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private static List<String> accessTokens(PackStack env, String realm, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(env.accessToken(env.newUser(realm)));
        }
        return tokens;
    }
}
