package dev.kcpack.core.passkey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import dev.kcpack.core.token.PackTokens;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The challenges of WebAuthn ceremonies over the API and on the login page: 32 random bytes
 * each, handed out inside a signed {@link PasskeyChallengeToken} (the {@code challengeId}) that
 * binds it to one user (or one passwordless login), one ceremony and one client and ends with
 * the ceremony's timeout (the realm's WebAuthn policy, at most {@link #LIFESPAN_SECONDS}). Issuing
 * one stores nothing, so a stranger's options calls cost the server no memory. Taking one marks
 * its id used in Keycloak's single-use store (every node sees it) until it would have ended
 * anyway: of any number of finishes on any nodes exactly one gets it.
 */
public final class PasskeyChallenges {

    /** The longest a challenge lives (5 minutes); WebAuthn's own timeout hint says the same to the browser. */
    public static final int LIFESPAN_SECONDS = 300;

    /** Longer than any challenge id this server hands out (a signed token of a few hundred characters). */
    private static final int MAX_ID_LENGTH = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

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
        PasskeyChallengeToken token = new PasskeyChallengeToken();
        token.setCeremony(ceremony.name());
        token.setChallenge(random(32));
        String id = new PackTokens(session, realm).encode(token, PasskeyChallengeToken.TYPE, subject,
                clientId == null ? "" : clientId, Math.min(lifespanSeconds, LIFESPAN_SECONDS));
        return new Issued(id, token.getChallenge());
    }

    /**
     * Takes the challenge {@code id} (it is used up, whatever comes of it); empty when it is not
     * one of this realm's, expired, already taken, or bound to another subject, ceremony or client.
     */
    public Optional<String> take(String id, String subject, Ceremony ceremony, String clientId) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        Optional<PasskeyChallengeToken> token = new PackTokens(session, realm)
                .decode(id, PasskeyChallengeToken.class, PasskeyChallengeToken.TYPE);
        if (token.isEmpty() || !subject.equals(token.get().getSubject()) || !ceremony.name().equals(token.get().getCeremony())
                || !(clientId == null ? "" : clientId).equals(token.get().getIssuedFor())) {
            return Optional.empty();
        }
        long remaining = token.get().getExp() - Time.currentTime();
        if (remaining <= 0 || !session.singleUseObjects().putIfAbsent(key(token.get().getId()), remaining)) {
            return Optional.empty();
        }
        return Optional.ofNullable(token.get().getChallenge());
    }

    private String key(String tokenId) {
        return "kcpack.passkey." + realm.getId() + "." + tokenId;
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
