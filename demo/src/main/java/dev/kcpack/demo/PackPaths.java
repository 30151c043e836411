package dev.kcpack.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where Maven put things (system properties set by failsafe and by the run profile). */
public record PackPaths(Path keycloakHome, Path providerJar, Path realmExport, Path workDir) {

    public static PackPaths fromSystemProperties() {
        return new PackPaths(existing("kcpack.keycloakHome"), existing("kcpack.providerJar"),
                existing("kcpack.realmExport"), existing("kcpack.workDir"));
    }

    public static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " points to a missing " + path);
        }
        return path;
    }
}
