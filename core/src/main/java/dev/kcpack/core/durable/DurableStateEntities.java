package dev.kcpack.core.durable;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Tells Keycloak's JPA store about the pack's tables and their Liquibase changelog. */
final class DurableStateEntities implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/kcpack-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(LockoutEntity.class, SpentMarkEntity.class, PasskeyUseEntity.class, SeenBrowserEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return DurableStateEntitiesFactory.ID;
    }

    @Override
    public void close() {
    }
}
