package dev.kcpack.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * What the build writes beside the provider JAR, checked right after it is written (phase
 * {@code package}, no Keycloak needed): the SHA-256 file names the JAR and its digest; the
 * CycloneDX SBOM lists exactly the artifacts shaded into the JAR (each by the digest of the
 * file that was shaded, and every file in the JAR comes from one of them); the manifest's
 * Implementation-Version, the version the pack logs at start and shows in the server info
 * ({@code kcpack.properties}) and the build's version agree.
 */
class ReleaseFilesCheck {

    private static final Path JAR = Path.of(System.getProperty("kcpack.providerJar"));
    private static final String VERSION = System.getProperty("kcpack.version");
    /** What dist/pom.xml shades, by artifactId, with the folder of its module. */
    private static final Map<String, String> SHADED = Map.of(
            "kcpack-core", "core",
            "kcpack-authenticators", "authenticators",
            "kcpack-rest-resources", "rest-resources",
            "kcpack-admin-console", "admin-console",
            "kcpack-themes", "themes");
    /** Written by the shade itself, not taken from an artifact. */
    private static final Set<String> MADE_BY_THE_SHADE = Set.of("META-INF/", "META-INF/MANIFEST.MF");

    @Test
    void sha256FileNamesTheJarAndItsDigest() throws IOException {
        Path sums = JAR.resolveSibling(JAR.getFileName() + ".sha256");
        assertTrue(Files.isRegularFile(sums), sums + " is written beside the JAR");
        String line = Files.readString(sums).trim();
        assertEquals(sha256(JAR) + "  " + JAR.getFileName(), line, sums + " as sha256sum writes it (sha256sum -c)");
    }

    @Test
    void versionsAgree() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(VERSION, jar.getManifest().getMainAttributes().getValue("Implementation-Version"),
                    "the manifest's Implementation-Version");
            Properties properties = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("dev/kcpack/core/compat/kcpack.properties"))) {
                properties.load(in);
            }
            assertEquals(VERSION, properties.getProperty("version"),
                    "kcpack.properties, the version of the start-up line and the server info");
        }
    }

    @Test
    void sbomListsWhatIsShadedAndNothingElse() throws IOException {
        Path sbom = JAR.resolveSibling("kcpack-" + VERSION + ".cdx.json");
        assertTrue(Files.isRegularFile(sbom), sbom + " is written beside the JAR");
        JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertEquals(VERSION, bom.path("metadata").path("component").path("version").asText());

        Map<String, String> listed = new TreeMap<>();
        for (JsonNode component : bom.path("components")) {
            String name = component.path("group").asText() + ":" + component.path("name").asText();
            assertEquals(VERSION, component.path("version").asText(), name + "'s version");
            String digest = null;
            for (JsonNode hash : component.path("hashes")) {
                if ("SHA-256".equals(hash.path("alg").asText())) {
                    digest = hash.path("content").asText();
                }
            }
            listed.put(name, digest);
        }
        Set<String> shaded = new TreeSet<>();
        SHADED.keySet().forEach(id -> shaded.add("dev.kcpack:" + id));
        assertEquals(shaded, listed.keySet(), "the SBOM's components are the shaded artifacts (no Keycloak, no launcher)");

        Set<String> fromComponents = new TreeSet<>();
        for (Map.Entry<String, String> entry : SHADED.entrySet()) {
            Path shadedFile = fileWithDigest(entry.getKey(), entry.getValue(), listed.get("dev.kcpack:" + entry.getKey()));
            fromComponents.addAll(entries(shadedFile));
        }
        List<String> unlisted = new ArrayList<>();
        for (String name : entries(JAR)) {
            if (!fromComponents.contains(name) && !MADE_BY_THE_SHADE.contains(name)) {
                unlisted.add(name);
            }
        }
        assertEquals(List.of(), unlisted, "files in the JAR that no component of the SBOM holds");
    }

    /** The module's JAR (in its target/ or the local repository) whose SHA-256 the SBOM states. */
    private static Path fileWithDigest(String artifactId, String module, String digest) throws IOException {
        String file = artifactId + "-" + VERSION + ".jar";
        List<Path> candidates = List.of(
                Path.of(System.getProperty("kcpack.rootDir"), module, "target", file),
                Path.of(System.getProperty("kcpack.localRepository"), "dev", "kcpack", artifactId, VERSION, file));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && sha256(candidate).equals(digest)) {
                return candidate;
            }
        }
        return fail("no JAR of " + artifactId + " with the SBOM's SHA-256 " + digest + " among " + candidates);
    }

    private static Set<String> entries(Path jarFile) throws IOException {
        Set<String> names = new TreeSet<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            jar.stream().map(ZipEntry::getName)
                    .filter(name -> !name.startsWith("META-INF/maven/") && !name.equals("META-INF/MANIFEST.MF"))
                    .forEach(names::add);
        }
        return names;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
