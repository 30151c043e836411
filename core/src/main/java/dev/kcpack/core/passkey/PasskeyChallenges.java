package dev.kcpack.core.passkey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The challenges of WebAuthn ceremonies over the API: 32 random bytes each, kept in Keycloak's
 * single-use store (every node sees them) for the ceremony's timeout (the realm's WebAuthn
 * policy, at most {@link #LIFESPAN_SECONDS}), bound to one user (or
 * one passwordless login), one ceremony and one client. Taking one removes it atomically, so
 * of any number of finishes on any nodes exactly one gets it.
 */
public final class PasskeyChallenges {

    /** The longest a challenge lives (5 minutes); WebAuthn's own timeout hint says the same to the browser. */
    public static final int LIFESPAN_SECONDS = 300;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USER = "user";
    private static final String CEREMONY = "ceremony";
    private static final String CLIENT = "client";
    private static final String CHALLENGE = "challenge";

    /** What a challenge is for. */
    public enum Ceremony {
        REGISTER, AUTHENTICATE,
        /** A sign-in with a passkey alone: no user is known when it is issued. */
        SIGN_IN
    }

    /** The subject of a sign-in's challenge (not a user id: Keycloak's ids are UUIDs). */
    public static final String NO_USER_YET = "(sign-in)";

    /** A challenge handed out: the id the app sends back, the value the authenticator signs (base64url). */
    public record Issued(String id, String value) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public PasskeyChallenges(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public Issued issue(String subject, Ceremony ceremony, String clientId, int lifespanSeconds) {
        String id = random(16);
        String value = random(32);
        session.singleUseObjects().put(key(id), Math.min(lifespanSeconds, LIFESPAN_SECONDS),
                Map.of(USER, subject, CEREMONY, ceremony.name(), CLIENT, clientId == null ? "" : clientId, CHALLENGE, value));
        return new Issued(id, value);
    }

    /**
     * Takes the challenge {@code id} (it is gone afterwards, whatever comes of it); empty when it
     * is unknown, expired, already taken, or bound to another subject, ceremony or client.
     */
    public Optional<String> take(String id, String subject, Ceremony ceremony, String clientId) {
        if (id == null || id.isBlank() || id.length() > 64) {
            return Optional.empty();
        }
        Map<String, String> notes = session.singleUseObjects().remove(key(id));
        if (notes == null || !subject.equals(notes.get(USER)) || !ceremony.name().equals(notes.get(CEREMONY))
                || !(clientId == null ? "" : clientId).equals(notes.get(CLIENT))) {
            return Optional.empty();
        }
        return Optional.ofNullable(notes.get(CHALLENGE));
    }

    private String key(String id) {
        return "kcpack.passkey." + realm.getId() + "." + id;
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
