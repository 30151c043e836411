package dev.kcpack.core.compat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.keycloak.common.Version;

/**
 * Which Keycloak the pack runs on, and whether it supports it: 26.4 up to 26.7, tested on
 * 26.4.7, 26.5.6 and 26.7.3. On an older Keycloak the pack's providers do not start (one
 * log line says why) rather than fail request by request; a newer one is tried with a
 * warning, since its internal APIs may have moved on.
 */
public final class SupportedKeycloak {

    public static final int[] OLDEST = {26, 4};
    public static final int[] NEWEST_TESTED = {26, 7};
    public static final String RANGE = "26.4 to 26.7";

    private SupportedKeycloak() {
    }

    /** The Keycloak this JVM runs, as Keycloak reports it ({@code 26.7.3}, say). */
    public static String running() {
        return Version.VERSION == null ? Version.UNKNOWN : Version.VERSION;
    }

    /** The pack's own version. */
    public static String packVersion() {
        Properties properties = new Properties();
        try (InputStream in = SupportedKeycloak.class.getResourceAsStream("kcpack.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    /** Whether the running Keycloak is one the pack can start on. */
    public static boolean isRunningOne() {
        return supports(running());
    }

    /** Whether {@code version} is at least 26.4; an unreadable version is given the benefit of the doubt. */
    public static boolean supports(String version) {
        int[] parts = majorMinor(version);
        return parts == null || compare(parts, OLDEST) >= 0;
    }

    /** Whether {@code version} is newer than any the pack was tested on. */
    public static boolean isNewerThanTested(String version) {
        int[] parts = majorMinor(version);
        return parts != null && compare(parts, NEWEST_TESTED) > 0;
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    private static int[] majorMinor(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.-]");
        try {
            return parts.length < 2 ? null : new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }
}
