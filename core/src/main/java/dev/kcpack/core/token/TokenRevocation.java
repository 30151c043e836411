package dev.kcpack.core.token;

import dev.kcpack.core.settings.PackSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

/**
 * Ends the pack's tokens that proved a state which no longer holds: every sudo and
 * partial token of a user after a password change or reset, and the sudo tokens that
 * proved a second factor once that factor is removed. The moments are user attributes,
 * so they reach every node and survive restarts; tokens issued before them, to the
 * millisecond, are refused.
 */
public final class TokenRevocation {

    /** The attribute suffix of the moment before which partial tokens are void (no factor is named so). */
    static final String PARTIAL = "partial";

    private TokenRevocation() {
    }

    /** Every sudo and partial token of {@code user} issued until now. */
    public static void revokeAll(UserModel user) {
        user.setSingleAttribute(PackSettings.TOKENS_NOT_BEFORE_ATTRIBUTE, now());
    }

    /**
     * Every partial auth token of {@code user} issued until now: a half-finished login ends
     * with the user's other sessions (a password or factor change that signs the others out).
     */
    public static void revokePartialTokens(UserModel user) {
        revokeProofsOf(user, PARTIAL);
    }

    /** The sudo tokens of {@code user} that proved {@code factor} (a factor's API name). */
    public static void revokeProofsOf(UserModel user, String factor) {
        user.setSingleAttribute(PackSettings.TOKENS_NOT_BEFORE_ATTRIBUTE + "." + factor, now());
    }

    static boolean revoked(UserModel user, PackToken token, String factor) {
        Long issuedAt = token.getIssuedAtMillis();
        if (issuedAt == null) {
            return true;
        }
        return issuedBefore(user, PackSettings.TOKENS_NOT_BEFORE_ATTRIBUTE, issuedAt)
                || (factor != null && issuedBefore(user, PackSettings.TOKENS_NOT_BEFORE_ATTRIBUTE + "." + factor, issuedAt));
    }

    private static boolean issuedBefore(UserModel user, String attribute, long issuedAt) {
        String notBefore = user.getFirstAttribute(attribute);
        if (notBefore == null) {
            return false;
        }
        try {
            return issuedAt < Long.parseLong(notBefore);
        } catch (NumberFormatException unreadable) {
            return true;
        }
    }

    private static String now() {
        return Long.toString(Time.currentTimeMillis());
    }
}
