package dev.kcpack.testing;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.Http;

import static org.junit.jupiter.api.Assertions.fail;

/** Requests released together, as an attacker sends them, and what came back. */
public final class Burst {

    private static final long TIMEOUT_SECONDS = 90;

    private Burst() {
    }

    /**
     * Fires requests 0 to n-1 truly at once: n threads, each of which waits at a latch
     * that opens when all are ready, and waits at most {@value #TIMEOUT_SECONDS} s for all
     * answers. A request that fails without an HTTP answer comes back as status 0 with the
     * exception as its body, so the assertions show it. The answers are in request order;
     * a line naming {@code label} tells what came back.
     */
    public static List<Http.Answer> fire(String label, int n, IntFunction<Http.Answer> request) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Answer>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                pending.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index);
                }));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                fail("the " + n + " threads of the burst did not start");
            }
            long started = System.nanoTime();
            go.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            List<Http.Answer> answers = new ArrayList<>();
            for (Future<Http.Answer> answer : pending) {
                try {
                    answers.add(answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    answers.add(new Http.Answer(0, HttpHeaders.of(Map.of(), (k, v) -> true),
                            "no answer: " + e.getCause()));
                } catch (TimeoutException e) {
                    fail("a burst of " + n + " requests did not finish within " + TIMEOUT_SECONDS + " s");
                }
            }
            System.out.printf("[burst] %s: %d requests in %d ms: %s%n", label, n,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), histogram(answers));
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits, if the current minute has less than {@value #ROOM_SECONDS} s left, until the next one
     * begins: the pack's budgets count per minute of the clock, and a burst that straddled two
     * minutes would meet two budgets. The server runs on this machine, on the same clock.
     */
    public static void awaitRoomInTheMinute() {
        long left = 60_000 - System.currentTimeMillis() % 60_000;
        if (left < ROOM_SECONDS * 1000L) {
            try {
                Thread.sleep(left + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static final int ROOM_SECONDS = 25;

    /** How many answers had each status and message, e.g. {@code {200=1, 401 TOTP_INVALID=12, 429 TOO_MANY_TOTP_CHECKS=27}}. */
    public static String histogram(List<Http.Answer> answers) {
        Map<String, Long> counts = answers.stream().collect(Collectors.groupingBy(
                a -> a.status() == 200 ? "200" : a.status() + " " + (message(a) == null ? "(no contract body)" : message(a)),
                TreeMap::new, Collectors.counting()));
        return counts.toString();
    }

    /** The contract body's message, or null when the body is not the contract's. */
    public static String message(Http.Answer answer) {
        try {
            JsonNode body = Http.JSON.readTree(answer.body());
            return body == null || !body.hasNonNull("message") ? null : body.get("message").asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
