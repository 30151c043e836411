package dev.kcpack.core.support;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.UserStorageUtil;

/**
 * Keycloak caches users and their credentials on each node and learns of another node's
 * change by an invalidation that arrives a moment after that node's commit. A check that
 * has just taken a cluster-wide mark must see what the request before it committed (a
 * spent recovery code, say), so it drops this node's cached copy and reads the database.
 */
public final class FreshUser {

    private FreshUser() {
    }

    public static void reload(KeycloakSession session, RealmModel realm, UserModel user) {
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null && user != null) {
            cache.evict(realm, user);
        }
    }
}
