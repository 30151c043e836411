package dev.kcpack.core;

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
}
