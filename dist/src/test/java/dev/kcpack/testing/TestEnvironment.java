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

    public Inbox inbox() {
        return new Inbox(mail());
    }
}
