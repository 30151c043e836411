package dev.kcpack.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven by Debian's chromedriver through Selenium: pages with their own
 * scripts running (Keycloak's login pages, Account Console and admin console). Nothing is
 * downloaded; a fresh profile per browser.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    public static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        try {
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--window-size=1400,1000",
                    "--user-data-dir=" + Files.createTempDirectory("kcpack-chromium"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits until the page has an element {@code by} (twenty seconds: the consoles load their scripts first). */
    public static void waitFor(WebDriver chromium, By by) {
        until(chromium, "an element " + by, driver -> !driver.findElements(by).isEmpty());
    }

    /** Waits until the page's text contains {@code text}. */
    public static void waitForText(WebDriver chromium, String text) {
        until(chromium, "the text \"" + text + "\"", driver -> driver.findElement(By.tagName("body")).getText().contains(text));
    }

    /** Waits for {@code condition}; if it never comes, fails with the address and text of the page as it was. */
    private static void until(WebDriver chromium, String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(chromium, Duration.ofSeconds(20)).until(condition::apply);
        } catch (TimeoutException e) {
            String text = chromium.findElements(By.tagName("body")).stream().map(b -> b.getText()).findFirst().orElse("");
            throw new AssertionError("waited 20 s for " + what + " on " + chromium.getCurrentUrl() + "; the page says:\n"
                    + text.substring(0, Math.min(text.length(), 3_000)), e);
        }
    }
}
