package dev.kcpack.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the {@link TestEnvironment}: the run's one, started on first use and kept in
 * the root store, so the whole run shares one Keycloak and JUnit closes it at the end; for
 * a class marked {@link ConsolePages}, one built with the declarative UI, closed after it.
 */
public final class KeycloakExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        boolean consolePages = context.getRequiredTestClass().isAnnotationPresent(ConsolePages.class);
        if (consolePages) {
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(ConsolePages.class,
                    key -> TestEnvironment.startWithConsolePages(), TestEnvironment.class);
        }
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestEnvironment.class, key -> TestEnvironment.start(), TestEnvironment.class);
    }
}
