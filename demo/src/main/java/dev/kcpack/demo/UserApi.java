package dev.kcpack.demo;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.JsonNode;

/** Calls the pack's REST API of one realm, as a web or mobile app would. */
public final class UserApi {

    private final PackStack env;
    private final String realm;
    /** The client address a proxy in front of Keycloak names in X-Forwarded-For; null: the connection's. */
    private final String clientAddress;

    public UserApi(PackStack env, String realm) {
        this(env, realm, null);
    }

    private UserApi(PackStack env, String realm, String clientAddress) {
        this.env = env;
        this.realm = realm;
        this.clientAddress = clientAddress;
    }

    /** The same API called by a client at {@code address}, as the tests' server (behind a "proxy") sees it. */
    public UserApi from(String address) {
        return new UserApi(env, realm, address);
    }

    public Http.Answer get(String path, String bearer) {
        return send(request(path, bearer).GET());
    }

    public Http.Answer post(String path, String bearer, Object jsonBody) {
        return send(request(path, bearer).POST(Http.json(jsonBody)));
    }

    /** A POST whose body is sent as written, for malformed-input tests. */
    public Http.Answer postRaw(String path, String bearer, String rawBody) {
        return send(request(path, bearer).POST(HttpRequest.BodyPublishers.ofString(rawBody)));
    }

    public Http.Answer send(String method, String path, String bearer, Object jsonBody) {
        return send(request(path, bearer).method(method, Http.json(jsonBody)));
    }

    public Http.Answer delete(String path, String bearer) {
        return send(request(path, bearer).DELETE());
    }

    /** The field of a 200 answer, failing the test with the body when the call did not succeed. */
    public static JsonNode ok(Http.Answer answer) {
        if (answer.status() != 200) {
            throw new AssertionError("expected 200, got " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder request = Http.request(env.api(realm, path)).header("Content-Type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        return request;
    }

    private static Http.Answer send(HttpRequest.Builder request) {
        return Http.send(request.build());
    }
}
