package dev.kcpack.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.WebDriver;

/** A {@link RealmTestBase} with one headless Chromium for the test class, quit after it. */
public abstract class ChromiumTestBase extends RealmTestBase {

    protected WebDriver chromium;

    @BeforeAll
    void startChromium() {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    void stopChromium() {
        if (chromium != null) {
            chromium.quit();
        }
    }
}
