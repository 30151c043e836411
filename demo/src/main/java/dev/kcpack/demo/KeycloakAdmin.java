package dev.kcpack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The few calls of Keycloak's admin REST API that tests and the demo need. */
public final class KeycloakAdmin {

    /** The pack's settings component (dev.kcpack.core.settings.PackSettings; the demo module stands alone). */
    private static final String SETTINGS_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String SETTINGS_ID = "kcpack";

    private final String baseUrl;

    public KeycloakAdmin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Creates a realm from the realm export, renamed and with its SMTP server pointed
     * at the given port, replacing a realm of that name if one exists.
     */
    public void importRealm(Path realmExport, String realmName, int smtpPort) {
        ObjectNode realm;
        try {
            realm = (ObjectNode) Http.JSON.readTree(Files.readString(realmExport));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        realm.put("realm", realmName);
        ((ObjectNode) realm.get("smtpServer")).put("port", Integer.toString(smtpPort));
        Http.Answer existing = send("GET", "/admin/realms/" + realmName, null);
        if (existing.status() == 200) {
            expect(send("DELETE", "/admin/realms/" + realmName, null), 204);
        }
        expect(send("POST", "/admin/realms", realm), 201);
    }

    public String userId(String realm, String username) {
        Http.Answer found = expect(send("GET", "/admin/realms/" + realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null), 200);
        return found.json().get(0).get("id").asText();
    }

    /** Creates an enabled user with a password; returns its id. */
    public String createUser(String realm, String username, String email, String password) {
        Map<String, Object> user = Map.of("username", username, "email", email, "enabled", true,
                "emailVerified", true, "firstName", "Test", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        String location = expect(send("POST", "/admin/realms/" + realm + "/users", user), 201).header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * Changes some of the pack's settings of a realm as the admin console's tab does: in the
     * realm's settings component (made if the realm has none), keeping the others.
     */
    public void setPackSettings(String realm, Map<String, String> settings) {
        Http.Answer answer = changePackSettings(realm, settings);
        if (answer.status() != 201 && answer.status() != 204) {
            throw new IllegalStateException("admin API answered " + answer.status() + ": " + answer.body());
        }
    }

    /**
     * Switches off the budgets of the realm's public doors (per client address and realm-wide):
     * for tests and benchmarks that knock on those doors as one client many times a minute to
     * reach the per-account gate behind them or to measure a login.
     */
    public void withoutDoorBudgets(String realm) {
        setPackSettings(realm, Map.of("resetCodeChecksPerAddress", "0", "resetCodeChecksPerRealm", "0",
                "resetMailsPerAddress", "0", "resetMailsPerRealm", "0",
                "passkeySignInsPerAddress", "0", "passkeySignInsPerRealm", "0"));
    }

    /** {@link #setPackSettings}, answering what the admin REST API said (400 for a refused value). */
    public Http.Answer changePackSettings(String realm, Map<String, String> settings) {
        JsonNode found = expect(send("GET", "/admin/realms/" + realm + "/components?type=" + SETTINGS_TYPE, null), 200)
                .json();
        for (JsonNode component : found) {
            if (SETTINGS_ID.equals(component.path("providerId").asText())) {
                ObjectNode changed = component.deepCopy();
                settings.forEach((key, value) -> ((ObjectNode) changed.with("config")).putArray(key).add(value));
                return send("PUT", "/admin/realms/" + realm + "/components/" + component.get("id").asText(), changed);
            }
        }
        String realmId = expect(send("GET", "/admin/realms/" + realm, null), 200).json().get("id").asText();
        Map<String, List<String>> config = new java.util.HashMap<>();
        settings.forEach((key, value) -> config.put(key, List.of(value)));
        return send("POST", "/admin/realms/" + realm + "/components", Map.of("name", SETTINGS_ID,
                "providerId", SETTINGS_ID, "providerType", SETTINGS_TYPE, "parentId", realmId, "config", config));
    }

    /** The admin's one step that lets the app {@code clientId} use the user API (the pack's admin endpoint). */
    public void allowApiClient(String realm, String clientId) {
        expect(send("PUT", "/admin/realms/" + realm + "/kcpack/api-clients/" + clientId, null), 204);
    }

    /** Takes the user API from the app {@code clientId} again. */
    public void disallowApiClient(String realm, String clientId) {
        expect(send("DELETE", "/admin/realms/" + realm + "/kcpack/api-clients/" + clientId, null), 204);
    }

    /**
     * Switches Keycloak's brute-force detection of a realm on or off: off where a test
     * measures the pack's own limiter alone (Keycloak's quick-login check would lock a
     * user after two fast failures first).
     */
    public void setBruteForceProtected(String realm, boolean on) {
        expect(send("PUT", "/admin/realms/" + realm, Map.of("bruteForceProtected", on)), 204);
    }

    /**
     * A public client of Keycloak's own built-in flow {@code flowAlias} (as a realm has it: "direct grant",
     * "browser") bound as its {@code binding} ("direct_grant", "browser"), beside the pack's flows of the
     * realm export. Its tokens are made as the demo app's are (its realm export): no full scope, the user
     * API's audience.
     */
    public void addClientOfBuiltInFlow(String realm, String clientId, String flowAlias, String binding, String redirectUri) {
        String flowId = null;
        for (JsonNode flow : expect(send("GET", "/admin/realms/" + realm + "/authentication/flows", null), 200).json()) {
            if (flow.get("alias").asText().equals(flowAlias)) {
                flowId = flow.get("id").asText();
            }
        }
        if (flowId == null) {
            throw new IllegalStateException("the realm has no built-in " + flowAlias + " flow");
        }
        expect(send("POST", "/admin/realms/" + realm + "/clients", Map.of(
                "clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true,
                "standardFlowEnabled", true, "redirectUris", List.of(redirectUri),
                "attributes", Map.of("pkce.code.challenge.method", "S256"),
                "fullScopeAllowed", false,
                "protocolMappers", List.of(Map.of("name", "kcpack-user-api audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of(
                                "included.custom.audience", "kcpack-user-api", "access.token.claim", "true",
                                "id.token.claim", "false", "introspection.token.claim", "true"))),
                "authenticationFlowBindingOverrides", Map.of(binding, flowId))), 201);
    }

    public void sendExecuteActionsEmail(String realm, String userId, List<String> actions) {
        expect(send("PUT", "/admin/realms/" + realm + "/users/" + userId + "/execute-actions-email", actions), 204);
    }

    public Http.Answer send(String method, String path, Object body) {
        var request = Http.request(baseUrl + path)
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : Http.json(body));
        return Http.send(request.build());
    }

    /** A fresh admin token each time: tests run long and the master realm's tokens live a minute. */
    private String token() {
        Http.Answer answer = expect(Http.send(Http.request(baseUrl + "/realms/master/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD)))
                .build()), 200);
        JsonNode json = answer.json();
        return json.get("access_token").asText();
    }

    private static Http.Answer expect(Http.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("admin API answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }
}
