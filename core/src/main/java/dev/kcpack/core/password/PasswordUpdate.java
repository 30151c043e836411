package dev.kcpack.core.password;

import dev.kcpack.core.guard.Verification;
import org.keycloak.models.UserModel;

/**
 * What came of setting a new password (with a reset code or the old password).
 *
 * @param proof         how the code or old password fared; {@code ACCEPTED} when the password was set
 * @param policyMessage the realm policy's English message when it refused the new password, else null
 * @param user          whose password was set, when it was
 */
public record PasswordUpdate(Verification proof, String policyMessage, UserModel user) {

    static PasswordUpdate of(Verification proof) {
        return new PasswordUpdate(proof, null, null);
    }

    static PasswordUpdate refusedByPolicy(String message) {
        return new PasswordUpdate(Verification.of(Verification.Outcome.REJECTED), message, null);
    }

    static PasswordUpdate done(UserModel user) {
        return new PasswordUpdate(Verification.of(Verification.Outcome.ACCEPTED), null, user);
    }

    public boolean refusedByPolicy() {
        return policyMessage != null;
    }
}
