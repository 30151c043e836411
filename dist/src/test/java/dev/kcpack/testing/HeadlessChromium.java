package dev.kcpack.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven by Debian's chromedriver through Selenium: pages with their own
 * scripts running (Keycloak's login pages, Account Console and admin console). Nothing is
 * downloaded; a fresh profile per browser.
 *
 * <p>The consoles are React pages that re-render at will: an element found a moment ago may
 * be gone by the time it is read or clicked. So every helper here finds its element again on
 * each try and treats a stale or missing element as "not yet", never as a failure, until its
 * time is up; page text is read by one script call, which cannot go stale.
 */
public final class HeadlessChromium {

    /** Generous for a 2-core machine running Keycloak beside the browser. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private HeadlessChromium() {
    }

    public static WebDriver start() {
        Path profile;
        try {
            profile = Files.createTempDirectory("kcpack-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new OwnProfileChromeDriver(service, options, profile);
    }

    /** Removes {@code dir} and everything in it, as far as it can (a test's leftovers, not its result). */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a file Chromium still holds: the temp dir's owner cleans up the rest
        }
    }

    /** Chromium with a profile of its own, removed when the browser quits, so runs leave no profiles in /tmp. */
    private static final class OwnProfileChromeDriver extends ChromeDriver {

        private final Path profile;

        OwnProfileChromeDriver(ChromeDriverService service, ChromeOptions options, Path profile) {
            super(service, options);
            this.profile = profile;
        }

        @Override
        public void quit() {
            try {
                super.quit();
            } finally {
                deleteQuietly(profile);
            }
        }
    }

    /** The text a person sees on the page now (empty while there is no body); never stale. */
    public static String pageText(WebDriver chromium) {
        Object text = ((JavascriptExecutor) chromium).executeScript(
                "return document.body ? document.body.innerText : '';");
        return text == null ? "" : text.toString();
    }

    /** Waits until the page has an element {@code by}. */
    public static void waitFor(WebDriver chromium, By by) {
        until(chromium, "an element " + by, driver -> !driver.findElements(by).isEmpty());
    }

    /** Waits until the page has no element {@code by} (the page it was on has been left). */
    public static void waitForGone(WebDriver chromium, By by) {
        until(chromium, "no element " + by, driver -> driver.findElements(by).isEmpty());
    }

    /** Waits until the page's text contains {@code text}. */
    public static void waitForText(WebDriver chromium, String text) {
        until(chromium, "the text \"" + text + "\"", driver -> pageText(driver).contains(text));
    }

    /** Waits until the browser's address starts with {@code prefix}. */
    public static void waitForAddress(WebDriver chromium, String prefix) {
        until(chromium, "an address starting with " + prefix, driver -> driver.getCurrentUrl().startsWith(prefix));
    }

    /** Types {@code text} into the field {@code by} once it is there, after emptying it. */
    public static void type(WebDriver chromium, By by, String text) {
        until(chromium, "a field " + by + " to type into", driver -> {
            WebElement field = driver.findElement(by);
            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            field.sendKeys(text);
            return true;
        });
    }

    /** Clicks {@code by} once it is there, as a person would (the element must be clickable). */
    public static void click(WebDriver chromium, By by) {
        until(chromium, "a clickable " + by, driver -> {
            WebElement element = driver.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /**
     * On Keycloak's "Select login method" page, picks the option named {@code option}: a
     * {@code role="button"} item from 26.7 on, an item with an {@code onclick} in 26.4.
     */
    public static void chooseLoginMethod(WebDriver chromium, String option) {
        click(chromium, By.xpath("//*[@role='button' or @onclick][.//*[contains(text(),'" + option + "')]]"));
    }

    /**
     * Clicks {@code by} through the page's own script once it is there: for elements a
     * person reaches by scrolling a bar (the admin console's tab bar scrolls, the extension's
     * tab is last).
     */
    public static void clickByScript(WebDriver chromium, By by) {
        until(chromium, "an element " + by + " to click", driver -> {
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(); arguments[0].click();",
                    driver.findElement(by));
            return true;
        });
    }

    /**
     * Waits for {@code condition}, trying again where the page re-rendered under it; if it
     * never comes, fails with the address and the text of the page as it was.
     */
    public static <T> T until(WebDriver chromium, String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(chromium, PATIENCE, Duration.ofMillis(200))
                    .ignoring(StaleElementReferenceException.class)
                    .ignoring(NoSuchElementException.class)
                    // covered by a re-rendering overlay or not yet enabled: the action did not happen, try again
                    .ignoring(ElementNotInteractableException.class)
                    .until(condition::apply);
        } catch (TimeoutException e) {
            String text;
            try {
                text = pageText(chromium);
            } catch (RuntimeException unreadable) {
                text = "(unreadable: " + unreadable.getMessage() + ")";
            }
            throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + " on "
                    + chromium.getCurrentUrl() + "; the page says:\n" + text.substring(0, Math.min(text.length(), 3_000)), e);
        }
    }
}
