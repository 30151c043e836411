package dev.kcpack.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every message key the pack ships exists in every shipped language, and every key a template uses exists. */
class MessageBundlesTest {

    private static final List<String> LANGUAGES = List.of("en", "nl", "fr", "de");
    private static final Path RESOURCES = Path.of("src/main/resources/theme-resources");
    private static final Pattern MSG_CALL = Pattern.compile("msg\\(\"(kcpack[^\"]*)\"");

    @Test
    void everyLanguageHasTheSameKeys() throws IOException {
        Set<String> english = load("en").stringPropertyNames();
        for (String language : LANGUAGES) {
            assertEquals(new TreeSet<>(english), new TreeSet<>(load(language).stringPropertyNames()),
                    "keys of messages_" + language);
        }
    }

    @Test
    void noMessageIsEmpty() throws IOException {
        for (String language : LANGUAGES) {
            Properties messages = load(language);
            messages.stringPropertyNames().forEach(key ->
                    assertTrue(!messages.getProperty(key).isBlank(), language + ": " + key + " is empty"));
        }
    }

    @Test
    void everyPackKeyATemplateUsesExists() throws IOException {
        Set<String> english = load("en").stringPropertyNames();
        try (Stream<Path> templates = Files.walk(RESOURCES.resolve("templates"))) {
            for (Path template : templates.filter(Files::isRegularFile).toList()) {
                Matcher used = MSG_CALL.matcher(Files.readString(template));
                while (used.find()) {
                    String key = used.group(1);
                    // msg("prefix_" + purpose): some key must complete the prefix
                    boolean exists = key.endsWith("_")
                            ? english.stream().anyMatch(k -> k.startsWith(key))
                            : english.contains(key);
                    assertTrue(exists, template.getFileName() + " uses " + key);
                }
            }
        }
    }

    private static Properties load(String language) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = Files.newInputStream(RESOURCES.resolve("messages/messages_" + language + ".properties"))) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return messages;
    }
}
