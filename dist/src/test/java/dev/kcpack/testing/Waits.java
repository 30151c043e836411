package dev.kcpack.testing;

/** Waiting in a test, as a user waits for a cooldown or a window to pass. */
public final class Waits {

    private Waits() {
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
