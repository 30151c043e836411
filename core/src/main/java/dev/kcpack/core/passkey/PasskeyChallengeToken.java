package dev.kcpack.core.passkey;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kcpack.core.token.PackToken;

/**
 * A WebAuthn ceremony's challenge as the app holds it ({@code challengeId}): an internal token
 * of the realm (Keycloak's HMAC key, as its action tokens), naming the random value the
 * authenticator signs, the ceremony, the user (or none yet) and the client, and when it ends.
 * The server keeps nothing when it hands one out.
 */
public class PasskeyChallengeToken extends PackToken {

    static final String TYPE = "kcpack-passkey-challenge";

    @JsonProperty("kcpack_ceremony")
    private String ceremony;

    @JsonProperty("kcpack_challenge")
    private String challenge;

    public String getCeremony() {
        return ceremony;
    }

    public void setCeremony(String ceremony) {
        this.ceremony = ceremony;
    }

    public String getChallenge() {
        return challenge;
    }

    public void setChallenge(String challenge) {
        this.challenge = challenge;
    }
}
