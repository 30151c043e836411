package dev.kcpack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import org.htmlunit.CookieManager;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.WebConnectionWrapper;

/**
 * A person at Keycloak's login pages, played by HtmlUnit (no JavaScript needed: the
 * login forms are plain HTML forms). Redirects are not followed, so the final redirect
 * to the client, carrying the authorization code, can be inspected.
 */
public final class BrowserLogin implements AutoCloseable {

    public static final String REDIRECT_URI = "http://localhost:3000/cb";

    private final WebClient web = new WebClient();
    private Page page;
    /** Where a load balancer sends this browser: requests for {@code routeFrom} go to {@code routeTo}. */
    private String routeFrom;
    private String routeTo;

    public BrowserLogin() {
        web.getOptions().setJavaScriptEnabled(false);
        web.getOptions().setCssEnabled(false);
        web.getOptions().setRedirectEnabled(false);
        web.getOptions().setThrowExceptionOnFailingStatusCode(false);
        treatLoopbackAsSecure();
    }

    /**
     * Keycloak marks its cookies Secure; real browsers send Secure cookies to
     * http://127.0.0.1 and http://localhost (a secure context), HtmlUnit does not.
     * After each answer from loopback its cookies are kept without the flag (and
     * without SameSite=None, which needs it), as those browsers would send them.
     */
    private void treatLoopbackAsSecure() {
        new WebConnectionWrapper(web) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                if (routeFrom != null && request.getUrl().toString().startsWith(routeFrom)) {
                    request.setUrl(new java.net.URL(routeTo + request.getUrl().toString().substring(routeFrom.length())));
                }
                WebResponse response = super.getResponse(request);
                String host = request.getUrl().getHost();
                if (host.equals("127.0.0.1") || host.equals("localhost")) {
                    CookieManager cookies = web.getCookieManager();
                    for (Cookie cookie : List.copyOf(cookies.getCookies())) {
                        if (cookie.isSecure()) {
                            cookies.removeCookie(cookie);
                            cookies.addCookie(new Cookie(cookie.getDomain(), cookie.getName(), cookie.getValue(),
                                    cookie.getPath(), cookie.getExpires(), false, cookie.isHttpOnly(), null));
                        }
                    }
                }
                return response;
            }
        };
    }

    /**
     * From now on, requests for {@code from} (a node's base URL, the cluster's hostname) go to
     * {@code to}, another node: a load balancer sending the same browser elsewhere. Cookies
     * stay: they belong to the host, whatever the port.
     */
    public BrowserLogin routeTo(String from, String to) {
        this.routeFrom = from;
        this.routeTo = to;
        return this;
    }

    /** Forgets Keycloak's session cookies (the next login is a new one, no SSO) but keeps the cookie {@code kept}. */
    public BrowserLogin forgetSessionKeeping(String kept) {
        CookieManager cookies = web.getCookieManager();
        for (Cookie cookie : List.copyOf(cookies.getCookies())) {
            if (!cookie.getName().equals(kept)) {
                cookies.removeCookie(cookie);
            }
        }
        return this;
    }

    /** Opens the realm's login page for the demo client (authorization code flow with PKCE). */
    public BrowserLogin open(String baseUrl, String realm) {
        return go(authorizationUrl(baseUrl, realm));
    }

    private static final String VERIFIER = "kcpack-test-verifier-" + "x".repeat(30);

    /** The demo client's authorization request (code flow with PKCE) of a realm. */
    public static String authorizationUrl(String baseUrl, String realm) {
        String verifier = VERIFIER;
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id="
                + TestEnvironment.CLIENT_ID + "&response_type=code&scope=openid&redirect_uri="
                + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    public BrowserLogin go(String url) {
        try {
            page = web.getPage(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return followKeycloakRedirects();
    }

    /** Follows redirects between Keycloak's own pages; stops at the one back to the client. */
    private BrowserLogin followKeycloakRedirects() {
        String location = location();
        int status = status();
        if ((status == 302 || status == 303) && location != null && !location.startsWith(REDIRECT_URI)) {
            return go(location);
        }
        return this;
    }

    /** Fills the named fields of the form with the given id and presses its submit button. */
    public BrowserLogin submit(String formId, String... namesAndValues) {
        HtmlForm form = html().getHtmlElementById(formId);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            HtmlInput input = form.getInputByName(namesAndValues[i]);
            if (input instanceof HtmlCheckBoxInput box) {
                box.setChecked(true); // a box is ticked, whatever its value
            } else {
                input.setValue(namesAndValues[i + 1]);
            }
        }
        HtmlElement button = form.getFirstByXPath(".//*[@type='submit']");
        try {
            page = button.click();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return followKeycloakRedirects();
    }

    /** Presses the button with the given id (in a form Keycloak gives no id, like its confirmations). */
    public BrowserLogin press(String buttonId) {
        try {
            page = html().getHtmlElementById(buttonId).click();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return followKeycloakRedirects();
    }

    /** Posts a form that has no submit button (Keycloak submits some with a script). */
    public BrowserLogin post(HtmlForm form) {
        try {
            page = web.getPage(form.getWebRequest(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return followKeycloakRedirects();
    }

    /** "Try another way", then the option whose visible name contains {@code option}. */
    public BrowserLogin tryAnotherWay(String option) {
        post(html().getHtmlElementById("kc-select-try-another-way-form"));
        return tryAnotherWayFromList(option);
    }

    /** On Keycloak's list of ways to sign in, the option whose visible name contains {@code option}. */
    public BrowserLogin tryAnotherWayFromList(String option) {
        for (HtmlElement item : html().<HtmlElement>getByXPath("//li")) {
            if (item.asNormalizedText().contains(option)) {
                return post(item.getFirstByXPath(".//form"));
            }
        }
        throw new AssertionError("no option '" + option + "' in: " + text());
    }

    /** Follows the first link whose address contains {@code part} ("Click here to proceed"). */
    public BrowserLogin followLinkTo(String part) {
        HtmlElement link = html().getFirstByXPath("//a[contains(@href,'" + part + "')]");
        if (link == null) {
            throw new AssertionError("no link to " + part + " in: " + describe());
        }
        try {
            return go(html().getFullyQualifiedUrl(link.getAttribute("href")).toString());
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    /** Follows the link with the given id. */
    public BrowserLogin clickLink(String id) {
        try {
            return go(html().getFullyQualifiedUrl(html().getHtmlElementById(id).getAttribute("href")).toString());
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Reloads the page as a person does: after a form post Keycloak says the page
     * expired, and the person follows "continue the login process".
     */
    public BrowserLogin refresh() {
        go(html().getUrl().toString());
        return hasElement("loginContinueLink") ? clickLink("loginContinueLink") : this;
    }

    public BrowserLogin password(String username, String password) {
        return submit("kc-form-login", "username", username, "password", password);
    }

    public HtmlPage html() {
        if (!(page instanceof HtmlPage html)) {
            throw new AssertionError("not an HTML page: " + status() + " " + page.getUrl());
        }
        return html;
    }

    public String text() {
        return html().asNormalizedText();
    }

    public boolean hasElement(String id) {
        return page instanceof HtmlPage html && html.getElementById(id) != null;
    }

    public String inputValue(String formId, String name) {
        HtmlForm form = html().getHtmlElementById(formId);
        return form.getInputByName(name).getValue();
    }

    public int status() {
        return page.getWebResponse().getStatusCode();
    }

    /** Where the server sent the browser; for a finished login, the client's redirect URI with a code. */
    public String location() {
        return page.getWebResponse().getResponseHeaderValue("Location");
    }

    /** What the browser shows, for assertion messages. */
    public String describe() {
        String text = page instanceof HtmlPage html ? html.asNormalizedText() : page.getWebResponse().getContentAsString();
        return status() + " " + page.getUrl() + " -> " + location() + "\n" + text;
    }

    /**
     * The tokens of the finished login: its authorization code exchanged at the token
     * endpoint, as the demo app would (with the PKCE verifier of {@link #authorizationUrl}).
     */
    public com.fasterxml.jackson.databind.JsonNode tokens(String baseUrl, String realm) {
        return tokens(baseUrl, realm, location());
    }

    /** The tokens of a login that ended at {@code location}, the redirect to the demo client with the code. */
    public static com.fasterxml.jackson.databind.JsonNode tokens(String baseUrl, String realm, String location) {
        String code = java.util.Arrays.stream(java.net.URI.create(location).getRawQuery().split("&"))
                .filter(pair -> pair.startsWith("code="))
                .map(pair -> java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8))
                .findFirst().orElseThrow(() -> new AssertionError("no code in " + location));
        dev.kcpack.demo.Http.Answer answer = dev.kcpack.demo.Http.send(dev.kcpack.demo.Http.request(
                        baseUrl + "/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(dev.kcpack.demo.Http.form(java.util.Map.of("grant_type", "authorization_code",
                        "client_id", TestEnvironment.CLIENT_ID, "code", code, "redirect_uri", REDIRECT_URI,
                        "code_verifier", VERIFIER)))
                .build());
        if (answer.status() != 200) {
            throw new AssertionError("code exchange answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    public boolean loggedIn() {
        String location = location();
        return status() == 302 && location != null && location.startsWith(REDIRECT_URI) && location.contains("code=");
    }

    @Override
    public void close() {
        web.close();
    }
}
