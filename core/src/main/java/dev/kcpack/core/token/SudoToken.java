package dev.kcpack.core.token;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Proof that a second factor was just verified. An internal token (Keycloak's HMAC
 * realm key, like refresh tokens), bound to the user and to the user session.
 */
public class SudoToken extends PackToken {

    public static final String TYPE = "kcpack-sudo";

    @JsonProperty("sid")
    private String sessionId;

    /** The second factor whose proof this token is. */
    @JsonProperty("factor")
    private String factor;

    public String getFactor() {
        return factor;
    }

    public void setFactor(String factor) {
        this.factor = factor;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }
}
