package dev.kcpack.core.access;

import dev.kcpack.core.settings.PackSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Whether a login is recent enough to stand in for a fresh proof (OWASP ASVS 5.0 re-authentication
 * before sensitive changes; Clerk's "reverification"): its {@code auth_time} within the realm's
 * setting {@code recentLoginSeconds}, 10 minutes by default. Keycloak keeps {@code auth_time} across
 * refreshes (it is the login's, not the token's), and renews it only when the user signs in again:
 * {@code prompt=login}, or {@code max_age} shorter than the login's age.
 */
public final class RecentLogin {

    private final int windowSeconds;

    private RecentLogin(int windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    public static RecentLogin of(RealmModel realm) {
        return new RecentLogin(PackSettings.of(realm).recentLoginSeconds());
    }

    /** Whether a login at {@code authTime} (epoch seconds) is recent now. */
    public boolean holds(long authTime) {
        return authTime > 0 && Time.currentTime() - authTime <= windowSeconds;
    }

    /**
     * When the access token's user last signed in: the session's {@code AUTH_TIME} note, which
     * Keycloak's browser logins set and renew (and its {@code basic} scope copies into
     * {@code auth_time}); else the token's claim; else the session's start, which is the login
     * itself for a password grant and the pack's API logins (Keycloak sets no note there, and
     * each such login is a session of its own).
     */
    public static long authTime(AccessToken token, UserSessionModel userSession) {
        String note = userSession == null ? null : userSession.getNote(AuthenticationManager.AUTH_TIME);
        if (note != null) {
            try {
                return Long.parseLong(note);
            } catch (NumberFormatException unreadable) {
                // fall through to what else there is
            }
        }
        Long claim = token.getAuth_time();
        if (claim != null && claim > 0) {
            return claim;
        }
        return userSession == null ? 0 : userSession.getStarted();
    }
}
