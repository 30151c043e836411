package dev.kcpack.it;

import static dev.kcpack.demo.UserApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.demo.AuthenticatorApp;
import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack.TestUser;
import dev.kcpack.rest.UserApiResource;
import dev.kcpack.testing.RealmTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/openapi.json} against the pack: the same operations as the JAX-RS
 * resources declare, each answering with its documented auth, and real answers shaped
 * as the documented schemas. A drifted operation, status or field fails here.
 */
class OpenApiIT extends RealmTestBase {

    private JsonNode doc;

    @BeforeAll
    void readDocument() throws Exception {
        doc = Http.JSON.readTree(Files.readString(Path.of(System.getProperty("kcpack.openApi", "../docs/openapi.json"))));
    }

    @Test
    void theDocumentListsExactlyTheServedOperations() {
        Set<String> served = new TreeSet<>();
        collect(UserApiResource.class, "", served);
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields()
                .forEachRemaining(method -> documented.add(method.getKey().toUpperCase() + " " + path.getKey()
                        + " " + method.getValue().get("operationId").asText())));
        // Path, method and the Java method's name, which is the operationId.
        assertEquals(documented, served);
        assertEquals(36, documented.size(), "the contract's 22 operations, the pack's 3 of trusted devices, 8 of passkeys and 3 of sessions");
    }

    @Test
    void everyOperationAnswersWithItsDocumentedAuth() {
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String method = entry.getKey().toUpperCase();
            JsonNode op = entry.getValue();
            boolean hasBody = op.has("requestBody");
            HttpRequest.Builder request = Http.request(env.api(realm, path.getKey().replaceAll("\\{[^}]+}", "any")))
                    .header("Content-Type", "application/json")
                    .method(method, hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
            Http.Answer answer = Http.send(request.build());
            String where = method + " " + path.getKey() + ": " + answer.body();
            assertTrue(op.get("responses").has(Integer.toString(answer.status())), "undocumented status " + where);
            if (op.get("security").isEmpty()) {
                assertEquals(400, answer.status(), where);
                assertTrue(answer.json().get("message").asText().startsWith("body must have required property"), where);
            } else {
                assertEquals(401, answer.status(), where);
                assertEquals("NO_TOKEN_PROVIDED", answer.json().get("message").asText(), where);
            }
            assertSchema("Error", answer.json(), where);
        }));
    }

    @Test
    void realAnswersHaveTheDocumentedShape() {
        TestUser user = env.newUser(realm);
        String access = env.accessToken(user);
        assertShape("/2fa", "get", 200, ok(api.get("/2fa", access)));
        JsonNode setup = ok(api.post("/2fa/totp/setup", access, Map.of()));
        assertShape("/2fa/totp/setup", "post", 200, setup);
        AuthenticatorApp app = AuthenticatorApp.scan(setup.get("url").asText());
        assertShape("/2fa/totp/enable", "post", 200, ok(api.post("/2fa/totp/enable", access, Map.of("totp", app.code()))));
        assertShape("/2fa", "get", 200, ok(api.get("/2fa", access)));
        assertShape("/2fa/totp/next-guess", "get", 200, ok(api.get("/2fa/totp/next-guess", access)));
        JsonNode sudo = ok(api.post("/2fa/totp/authenticate", access, Map.of("totp", app.code())));
        assertShape("/2fa/totp/authenticate", "post", 200, sudo);
        assertShape("/2fa/recovery-code/reset", "post", 200,
                ok(api.post("/2fa/recovery-code/reset", sudo.get("sudoToken").asText(), Map.of())));
        Http.Answer conflict = api.get("/2fa/email-otp/next-email", access);
        assertShape("/2fa/email-otp/next-email", "get", conflict.status(), conflict.json());
        assertShape("/2fa/totp", "delete", 200, ok(api.delete("/2fa/totp", sudo.get("sudoToken").asText())));
    }

    private void assertShape(String path, String method, int status, JsonNode body) {
        JsonNode response = doc.at("/paths/" + path.replace("/", "~1") + "/" + method + "/responses/" + status);
        assertTrue(!response.isMissingNode(), "status " + status + " of " + method + " " + path + " is not documented");
        String ref = response.at("/content/application~1json/schema/$ref").asText();
        assertSchema(ref.substring(ref.lastIndexOf('/') + 1), body, method + " " + path);
    }

    private void assertSchema(String name, JsonNode value, String where) {
        JsonNode schema = doc.at("/components/schemas/" + name);
        if (schema.path("nullable").asBoolean() && value.isNull()) {
            return;
        }
        assertTrue(value.isObject(), where + ": " + name + " expects an object, got " + value);
        for (JsonNode required : schema.path("required")) {
            assertTrue(value.has(required.asText()), where + ": missing " + required.asText() + " in " + value);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode property = schema.path("properties").path(field.getKey());
            assertTrue(!property.isMissingNode(), where + ": undocumented field " + field.getKey() + " in " + value);
            if (property.has("$ref")) {
                String ref = property.get("$ref").asText();
                assertSchema(ref.substring(ref.lastIndexOf('/') + 1), field.getValue(), where + "." + field.getKey());
            }
        }
    }

    /** Walks the JAX-RS resources: HTTP methods are operations, other @Path methods lead to sub-resources. */
    private static void collect(Class<?> resource, String prefix, Set<String> operations) {
        for (Method method : resource.getMethods()) {
            jakarta.ws.rs.Path path = method.getAnnotation(jakarta.ws.rs.Path.class);
            String full = path == null ? prefix : prefix + "/" + path.value();
            if (full.contains("{unknown")) {
                continue; // the catch-all that answers unknown paths with 404
            }
            String verb = method.isAnnotationPresent(GET.class) ? "GET"
                    : method.isAnnotationPresent(POST.class) ? "POST"
                    : method.isAnnotationPresent(PUT.class) ? "PUT"
                    : method.isAnnotationPresent(DELETE.class) ? "DELETE"
                    : method.isAnnotationPresent(jakarta.ws.rs.PATCH.class) ? "PATCH" : null;
            if (verb != null) {
                operations.add(verb + " " + full + " " + method.getName());
            } else if (path != null) {
                collect(method.getReturnType(), full, operations);
            }
        }
    }
}
