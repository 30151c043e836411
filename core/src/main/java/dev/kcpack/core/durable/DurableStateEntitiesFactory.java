package dev.kcpack.core.durable;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Registers the pack's tables; drops the rows of a removed realm, and every node drops
 * expired rows now and then (a delete of what no read returns any more, so running it on
 * each node at once is harmless).
 */
public final class DurableStateEntitiesFactory implements JpaEntityProviderFactory, OnSupportedKeycloak {

    public static final String ID = "kcpack-durable-state";
    private static final long CLEANUP_INTERVAL_MILLIS = 15 * 60 * 1000L;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new DurableStateEntities();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                deleteRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager()
                        .createNamedQuery("kcpackDeleteUserSeenBrowsers")
                        .setParameter("userId", removed.getUser().getId()).executeUpdate();
            }
        });
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .scheduleTask(new Cleanup(), CLEANUP_INTERVAL_MILLIS, "kcpack-durable-state-cleanup"));
    }

    private static void deleteRealm(KeycloakSession session, String realmId) {
        var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.createNamedQuery("kcpackDeleteRealmLockouts").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("kcpackDeleteRealmSpent").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("kcpackDeleteRealmPasskeyUse").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("kcpackDeleteRealmSeenBrowsers").setParameter("realmId", realmId).executeUpdate();
    }

    /** Deletes the rows whose time is over. */
    private static final class Cleanup implements ScheduledTask {
        @Override
        public void run(KeycloakSession session) {
            var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            long now = Time.currentTime();
            em.createNamedQuery("kcpackDeleteExpiredLockouts").setParameter("now", now).executeUpdate();
            em.createNamedQuery("kcpackDeleteExpiredSpent").setParameter("now", now).executeUpdate();
            em.createNamedQuery("kcpackDeleteExpiredPasskeyUse").setParameter("now", now).executeUpdate();
            em.createNamedQuery("kcpackDeleteExpiredSeenBrowsers").setParameter("now", now).executeUpdate();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
