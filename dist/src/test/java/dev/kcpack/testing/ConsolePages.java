package dev.kcpack.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs the pack's admin-console pages, which only a Keycloak built with
 * the (experimental) declarative UI shows: it gets a server of its own, built so, for the
 * class; every other class runs against the run's server built without any feature.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConsolePages {
}
