package dev.kcpack.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, taking a screenshot of a page so a person can judge
 * how it looks. Loads only files and loopback pages; no network of its own.
 */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Renders {@code html} (with {@code baseUrl} for its relative links) into a PNG at {@code png}. */
    public static Path screenshot(String html, String baseUrl, Path png, int width, int height) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium (.ci/run does)");
        }
        Path page = null;
        Path profile = null;
        try {
            Files.createDirectories(png.getParent());
            String withBase = baseUrl == null ? html
                    : html.replaceFirst("(?i)<head>", "<head><base href=\"" + baseUrl + "\">");
            page = Files.createTempFile("kcpack-page", ".html");
            Files.writeString(page, withBase);
            profile = Files.createTempDirectory("kcpack-chromium");
            Process chromium = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height, "--virtual-time-budget=3000",
                    "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
                throw new IllegalStateException("chromium did not finish the screenshot of " + png);
            }
            if (!Files.exists(png) || Files.size(png) < 1_000) {
                throw new IllegalStateException("chromium made no screenshot at " + png);
            }
            return png;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            HeadlessChromium.deleteQuietly(page);
            HeadlessChromium.deleteQuietly(profile);
        }
    }
}
