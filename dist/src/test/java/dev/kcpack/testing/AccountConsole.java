package dev.kcpack.testing;

import dev.kcpack.demo.Http;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Keycloak's own {@code account-console} client of a realm, as the Account Console uses
 * it: a browser login (code flow with PKCE, answer in the query) that ends on the
 * console's page, then the code traded for the console's access token, and calls of
 * Keycloak's Account REST API with a bearer token.
 */
public final class AccountConsole {

    public static final String CLIENT_ID = "account-console";
    private static final String VERIFIER = "kcpack-account-console-verifier-" + "y".repeat(30);

    private final String baseUrl;
    private final String realm;

    public AccountConsole(TestEnvironment env, String realm) {
        this.baseUrl = env.baseUrl();
        this.realm = realm;
    }

    /** The console's page, which is also the redirect URI of its login. */
    public String pageUrl() {
        return baseUrl + "/realms/" + realm + "/account/";
    }

    /** The authorization request the Account Console makes. */
    public String authorizationUrl() {
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + CLIENT_ID
                + "&response_type=code&response_mode=query&scope=openid&state=kcpack-test&redirect_uri="
                + URLEncoder.encode(pageUrl(), StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    /**
     * After a finished login the browser is on the console's page with the code in its
     * address; trades it for the console's access token.
     */
    public String accessToken(BrowserLogin browser) {
        String url = browser.html().getUrl().toString();
        if (!url.startsWith(pageUrl())) {
            throw new AssertionError("not back on the Account Console: " + browser.describe());
        }
        String code = null;
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("code")) {
                code = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        if (code == null) {
            throw new AssertionError("no code in " + url);
        }
        Http.Answer answer = Http.send(Http.request(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "authorization_code", "client_id", CLIENT_ID, "code", code,
                        "redirect_uri", pageUrl(), "code_verifier", VERIFIER)))
                .build());
        if (answer.status() != 200) {
            throw new AssertionError("token endpoint answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("access_token").asText();
    }

    /** A call of Keycloak's Account REST API ({@code path} under {@code /account}), JSON in and out. */
    public Http.Answer rest(String method, String path, String bearer, Object jsonBody) {
        var request = Http.request(baseUrl + "/realms/" + realm + "/account" + path)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .method(method, jsonBody == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : Http.json(jsonBody));
        return Http.send(request.build());
    }
}
