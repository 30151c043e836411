package dev.kcpack.testing;

import dev.kcpack.demo.PackStack;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The run's one {@link PackStack}, closed by JUnit when the run ends, with the test-side inbox. */
public final class TestEnvironment extends PackStack implements ExtensionContext.Store.CloseableResource {

    private TestEnvironment(PackStack started) {
        super(started);
    }

    public static TestEnvironment start() {
        return new TestEnvironment(PackStack.start());
    }

    public static TestEnvironment startWithConsolePages() {
        return new TestEnvironment(PackStack.startWithConsolePages());
    }

    /** Whether the run's Keycloak ({@code -Dkeycloak.version}) is {@code major.minor} or newer. */
    public static boolean keycloakAtLeast(int major, int minor) {
        String[] parts = System.getProperty("kcpack.keycloakVersion", "0.0").split("\\.");
        int runMajor = Integer.parseInt(parts[0]);
        int runMinor = Integer.parseInt(parts[1]);
        return runMajor != major ? runMajor > major : runMinor >= minor;
    }

    public Inbox inbox() {
        return new Inbox(mail());
    }
}
