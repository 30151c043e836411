package dev.kcpack.core.token;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Proof that a password login succeeded and a second factor is still owed. An internal
 * token (Keycloak's HMAC realm key); {@code azp} and {@code scope} remember the client
 * and scopes of the login so that the finished login gets the same.
 */
public class PartialAuthToken extends PackToken {

    public static final String TYPE = "kcpack-partial";

    @JsonProperty("scope")
    private String scope;

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }
}
