package dev.kcpack.demo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;
import dev.kcpack.demo.UserApi;

/**
 * Issue 31: the guessing rate left to an attacker who spreads wrong reset codes over many
 * account addresses, at the realm's default budgets: from one client address, and from 250
 * client addresses at once (each realm of its own, both at once, for the same time). What
 * counts is how many guesses were checked (401) rather than refused unchecked (429).
 */
final class SpreadGuessing {

    private static final int SECONDS = Integer.getInteger("kcpack.bench.spreadSeconds", 125);
    private static final int CLIENTS_PER_ATTACKER = 4;
    private static final int ADDRESSES = 250;

    private SpreadGuessing() {
    }

    static List<String> measure(PackStack env) {
        UserApi oneAddress = new UserApi(env, env.newRealm()).from("203.0.113.1");
        UserApi manyAddresses = new UserApi(env, env.newRealm());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_ATTACKER);
        try {
            long firstMinute = System.currentTimeMillis() / 60_000;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            List<Future<int[]>> one = new ArrayList<>();
            List<Future<int[]>> many = new ArrayList<>();
            for (int i = 0; i < CLIENTS_PER_ATTACKER; i++) {
                one.add(pool.submit(() -> guessUntil(end, n -> oneAddress, next)));
                many.add(pool.submit(() -> guessUntil(end,
                        n -> manyAddresses.from("198.51.100." + (n % ADDRESSES + 1)), next)));
            }
            int[] fromOne = sum(one);
            int[] fromMany = sum(many);
            // Budgets count per minute of the clock: the run touched this many of them.
            long minutes = System.currentTimeMillis() / 60_000 - firstMinute + 1;
            return List.of(
                    String.format("guessing spread over many account addresses, default budgets, %d s (%d minutes of the clock), "
                            + "%d clients each:", SECONDS, minutes, CLIENTS_PER_ATTACKER),
                    line("from one client address", fromOne, minutes),
                    line("from " + ADDRESSES + " client addresses", fromMany, minutes));
        } catch (Exception e) {
            throw new IllegalStateException("spread guessing: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Wrong reset codes, each for an account address of its own, until {@code end}: {checked, refused, other}. */
    private static int[] guessUntil(long end, IntFunction<UserApi> client, AtomicInteger next) {
        int[] counts = new int[3];
        while (System.nanoTime() < end) {
            int n = next.getAndIncrement();
            Http.Answer answer = client.apply(n).post("/password/reset/validate", null,
                    Map.of("email", "account-" + n + "@example.test", "otp", "000000"));
            counts[answer.status() == 401 ? 0 : answer.status() == 429 ? 1 : 2]++;
        }
        return counts;
    }

    private static int[] sum(List<Future<int[]>> parts) throws Exception {
        int[] total = new int[3];
        for (Future<int[]> part : parts) {
            int[] counts = part.get();
            for (int i = 0; i < 3; i++) {
                total[i] += counts[i];
            }
        }
        return total;
    }

    private static String line(String who, int[] counts, long minutes) {
        double checkedPerMinute = counts[0] / (double) minutes;
        double perDay = checkedPerMinute * 1440;
        return String.format("  %-28s sent %6d, checked %5d (%.1f a minute), refused unchecked %6d, other %d; "
                        + "a day: %.0f checks, %.3f accounts taken over (one right code in 10^6)",
                who, counts[0] + counts[1] + counts[2], counts[0], checkedPerMinute, counts[1], counts[2], perDay, perDay / 1e6);
    }
}
