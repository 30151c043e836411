package dev.kcpack.demo.bench;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcpack.demo.Http;

/**
 * A browser's login with a TOTP code, as the pages' forms post it, without a browser engine: the
 * authorization request (PKCE), the username and password form, the code form, the redirect back
 * to the app and the app's code exchange. What a browser adds around it (scripts, styles, images)
 * is the same for any flow and is left out, so that the server's work is what is timed. One
 * cookie jar, emptied before each login: every login is a new browser.
 */
final class BrowserLogin {

    /** Where the clients the login is measured with send the browser back (the demo app's too). */
    static final String REDIRECT_URI = "http://localhost:3000/callback";
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    private final String baseUrl;
    private final Jar cookies = new Jar();
    private final HttpClient client;
    private final SecureRandom random = new SecureRandom();

    BrowserLogin(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies)
                .build();
    }

    /** The whole login of {@code username} at {@code clientId}'s browser flow; the app gets its tokens. */
    void login(String realm, String clientId, String username, String password, CodeSource code) {
        cookies.empty();
        String verifier = randomText();
        String oidc = baseUrl + "/realms/" + realm + "/protocol/openid-connect";
        String page = expect(get(oidc + "/auth?response_type=code&scope=openid&client_id=" + clientId
                + "&redirect_uri=" + REDIRECT_URI + "&state=" + randomText()
                + "&code_challenge_method=S256&code_challenge=" + challenge(verifier)), 200).body();
        page = expect(post(action(page, "kc-form-login"), Map.of("username", username, "password", password)), 200).body();
        Http.Answer back = expect(post(action(page, "kc-otp-login-form"), Map.of("otp", code.code(), "login", "Sign In")), 302);
        String location = back.header("Location");
        Matcher issued = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!location.startsWith(REDIRECT_URI) || !issued.find()) {
            throw new IllegalStateException("no code in the redirect: " + location);
        }
        expect(post(oidc + "/token", Map.of("grant_type", "authorization_code", "client_id", clientId,
                "redirect_uri", REDIRECT_URI, "code_verifier", verifier,
                "code", URLDecoder.decode(issued.group(1), StandardCharsets.UTF_8))), 200);
    }

    /**
     * The cookies of one server, sent back on every request to it. The JDK's CookieManager keeps
     * back the cookies marked Secure on http, and Keycloak marks them so on localhost (a secure
     * context for browsers, which send them).
     */
    private static final class Jar extends CookieHandler {

        private final Map<String, String> values = new ConcurrentHashMap<>();

        void empty() {
            values.clear();
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            return values.isEmpty() ? Map.of() : Map.of("Cookie", List.of(values.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.entrySet().stream().filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(h -> h.getValue().stream()).flatMap(header -> HttpCookie.parse(header).stream())
                    .forEach(cookie -> {
                        if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                            values.remove(cookie.getName());
                        } else {
                            values.put(cookie.getName(), cookie.getValue());
                        }
                    });
        }
    }

    /** The code of the user's app at the moment the form is posted. */
    interface CodeSource {
        String code();
    }

    private static String action(String page, String formId) {
        int id = page.indexOf("id=\"" + formId + "\"");
        if (id < 0) {
            throw new IllegalStateException("no form " + formId + " in the page: "
                    + page.substring(0, Math.min(page.length(), 2000)));
        }
        int start = page.lastIndexOf("<form", id);
        Matcher action = ACTION.matcher(page.substring(start, page.indexOf('>', id)));
        if (!action.find()) {
            throw new IllegalStateException("form " + formId + " has no action");
        }
        return action.group(1).replace("&amp;", "&");
    }

    private Http.Answer get(String url) {
        return send(Http.request(url).GET().build());
    }

    private Http.Answer post(String url, Map<String, String> fields) {
        return send(Http.request(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(fields)).build());
    }

    private Http.Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Http.Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Http.Answer expect(Http.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": "
                    + answer.body().substring(0, Math.min(answer.body().length(), 2000)));
        }
        return answer;
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
