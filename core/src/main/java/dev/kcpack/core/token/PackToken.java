package dev.kcpack.core.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.representations.JsonWebToken;

/**
 * What the pack's own tokens share beyond a JWT: the moment of issue to the millisecond,
 * because {@code iat} counts whole seconds and a revocation (a password change, say) in
 * the same second as an issue must still tell which came first.
 */
public abstract class PackToken extends JsonWebToken {

    @JsonProperty("kcpack_iat_ms")
    private Long issuedAtMillis;

    public Long getIssuedAtMillis() {
        return issuedAtMillis;
    }

    public void setIssuedAtMillis(Long issuedAtMillis) {
        this.issuedAtMillis = issuedAtMillis;
    }
}
