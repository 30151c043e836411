package dev.kcpack.core.guard;

import dev.kcpack.core.settings.PackSettings;

/**
 * How long a user waits after failed guesses: {@code freeFailures} cost nothing, then
 * each failure locks for {@code firstLock} seconds, doubled per further failure, up to
 * {@code maxLock}. Pure arithmetic, kept apart from storage so it can be unit tested.
 */
public record LockoutPolicy(int freeFailures, int firstLockSeconds, int maxLockSeconds) {

    public static LockoutPolicy of(PackSettings settings) {
        return new LockoutPolicy(settings.freeFailures(), settings.firstLockSeconds(), settings.maxLockSeconds());
    }

    /** Seconds of lock that the given number of consecutive failures earns. */
    public long lockSecondsAfter(int failures) {
        if (failures < freeFailures) {
            return 0;
        }
        int doublings = Math.min(failures - freeFailures, 30);
        return Math.min((long) firstLockSeconds << doublings, maxLockSeconds);
    }

    /**
     * The most guesses one subject can have checked within {@code seconds} at the best
     * pace (each as soon as the last lock ends, never a success): the numerator of every
     * door's chance per day in docs/security.md.
     */
    public long maxGuessesWithin(long seconds) {
        long guesses = 0;
        long at = 0;
        while (at <= seconds) {
            guesses++;
            long lock = lockSecondsAfter((int) Math.min(guesses, Integer.MAX_VALUE));
            if (lock == 0 && guesses >= freeFailures) {
                // A policy without locks has no bound.
                return Long.MAX_VALUE;
            }
            at += lock;
        }
        return guesses;
    }
}
