package dev.kcpack.core.notice.doors;

import java.util.Map;

import dev.kcpack.core.emailotp.EmailOtpFactor;
import dev.kcpack.core.recoverycode.RecoveryCodes;
import dev.kcpack.core.twofactor.Factor;

/**
 * How a notice names a second factor: the pack's own by their API names, Keycloak's by a name
 * of ours (its events give a credential type). Each name has a message key
 * {@code kcpackNoticeFactor_<name>} in every language of the pack.
 */
final class NoticedFactor {

    /** A factor the notice cannot name (an admin's removal: Keycloak's event names no type). */
    static final String UNNAMED = "unnamed";

    private static final Map<String, String> BY_CREDENTIAL_TYPE = Map.of(
            "otp", Factor.TOTP.apiName(),
            EmailOtpFactor.CREDENTIAL_TYPE, Factor.EMAIL_OTP.apiName(),
            RecoveryCodes.CREDENTIAL_TYPE, Factor.RECOVERY_CODE.apiName(),
            "webauthn", "securityKey",
            "webauthn-passwordless", "passkey",
            "recovery-authn-codes", "keycloakRecoveryCodes");

    private NoticedFactor() {
    }

    /** The name of the factor stored as {@code credentialType}; {@link #UNNAMED} for a type the pack does not know. */
    static String ofCredentialType(String credentialType) {
        return credentialType == null ? UNNAMED : BY_CREDENTIAL_TYPE.getOrDefault(credentialType, UNNAMED);
    }
}
