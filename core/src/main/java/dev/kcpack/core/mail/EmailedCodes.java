package dev.kcpack.core.mail;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.support.SecretHashing;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Six-digit codes sent by mail (email OTP, password reset, address transfer): drawn
 * from a CSPRNG, kept only as a salted hash in the cluster-wide single-use store,
 * valid for a limited time, used once, and dropped after too many wrong tries.
 * Each code sits under a key that says what it is for and whose it is, with a small
 * payload (the address it went to, say).
 */
public final class EmailedCodes {

    public static final int LENGTH = 6;
    private static final char[] DIGITS = "0123456789".toCharArray();
    private static final int ITERATIONS = 10_000;
    private static final String HASH = "hash";
    private static final String SALT = "salt";
    private static final String TRIES = "tries";
    private static final String EXPIRES = "expires";

    /** What came of checking a code. */
    public enum Check {
        ACCEPTED,
        /** Wrong; the try was counted. */
        WRONG,
        /** No code: never sent, expired, used, or its tries ran out. */
        NONE
    }

    /** The outcome, and the payload of an accepted code. */
    public record Result(Check check, Map<String, String> payload) {
    }

    private final SingleUseObjectProvider store;
    private final PackSettings settings;

    public EmailedCodes(KeycloakSession session, RealmModel realm) {
        this.store = session.singleUseObjects();
        this.settings = PackSettings.of(realm);
    }

    /** A new code under {@code key}, replacing any earlier one; returns the code to mail. */
    public String issue(String key, Map<String, String> payload) {
        SecretGenerator random = SecretGenerator.getInstance();
        String code = random.randomString(LENGTH, DIGITS);
        byte[] salt = random.randomBytes(16);
        int lifespan = settings.emailCodeLifespan();
        Map<String, String> notes = new HashMap<>(payload);
        notes.put(HASH, Base64.getEncoder().encodeToString(SecretHashing.hash(code, salt, ITERATIONS)));
        notes.put(SALT, Base64.getEncoder().encodeToString(salt));
        notes.put(TRIES, "0");
        notes.put(EXPIRES, Long.toString(Time.currentTime() + lifespan));
        store.put(key, lifespan, notes);
        return code;
    }

    /** The work of {@link #issue} without keeping the code anywhere: for answers that must cost the same. */
    public void draw() {
        SecretGenerator random = SecretGenerator.getInstance();
        SecretHashing.hash(random.randomString(LENGTH, DIGITS), random.randomBytes(16), ITERATIONS);
    }

    /** The payload of the live code under {@code key}, if there is one. */
    public Optional<Map<String, String>> pending(String key) {
        return Optional.ofNullable(store.get(key)).map(EmailedCodes::payloadOf);
    }

    /**
     * Checks {@code code}; an accepted code is used up when {@code consume} is set. One
     * hash is computed whether or not a code is live under {@code key}, so the time of
     * the answer does not tell. Callers check through the door's attempt gate, which
     * keeps the try counter's read and write from interleaving.
     */
    public Result check(String key, String code, boolean consume) {
        Map<String, String> notes = code == null ? null : store.get(key);
        byte[] salt = notes == null ? SecretGenerator.getInstance().randomBytes(16)
                : Base64.getDecoder().decode(notes.get(SALT));
        byte[] actual = SecretHashing.hash(code == null ? "" : code, salt, ITERATIONS);
        if (notes == null) {
            return new Result(Check.NONE, Map.of());
        }
        byte[] expected = Base64.getDecoder().decode(notes.get(HASH));
        if (SecretHashing.matches(expected, actual)) {
            // remove() is single use across threads and nodes: of two requests with the same code, one wins.
            if (consume && store.remove(key) == null) {
                return new Result(Check.NONE, Map.of());
            }
            return new Result(Check.ACCEPTED, payloadOf(notes));
        }
        int tries = Integer.parseInt(notes.get(TRIES)) + 1;
        long remaining = Long.parseLong(notes.get(EXPIRES)) - Time.currentTime();
        if (tries >= settings.emailCodeMaxTries() || remaining <= 0) {
            store.remove(key);
        } else {
            Map<String, String> counted = new HashMap<>(notes);
            counted.put(TRIES, Integer.toString(tries));
            store.put(key, remaining, counted);
        }
        return new Result(Check.WRONG, Map.of());
    }

    public void discard(String key) {
        store.remove(key);
    }

    private static Map<String, String> payloadOf(Map<String, String> notes) {
        Map<String, String> payload = new HashMap<>(notes);
        payload.keySet().removeAll(java.util.Set.of(HASH, SALT, TRIES, EXPIRES));
        return payload;
    }
}
