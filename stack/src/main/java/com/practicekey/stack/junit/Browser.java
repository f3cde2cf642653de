package com.practicekey.stack.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import org.htmlunit.Page;
import org.htmlunit.StringWebResponse;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.WebConnectionWrapper;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A browser without JavaScript (HtmlUnit) on Keycloak's login pages, for tests of the browser
 * flow through the test client {@link PracticeKeyServer#TEST_CLIENT}. With organizations on, the
 * login is identity-first: {@link #signIn} fills the username page, then the password page. When
 * Keycloak redirects back to the client ({@link #REDIRECT_URI}), the browser stops there and
 * {@link #authorizationCode()} has the code. Nothing typed is logged.
 *
 * <pre>{@code
 * try (Browser b = Browser.open(kc)) {
 *     b.signIn(user.email(), user.password());
 *     assertThat(b.text()).contains("Update password");
 *     b.submit(Map.of("password-new", next, "password-confirm", next));
 *     JsonNode tokens = b.exchangeCode();
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    /** Where the test client is sent back to; never really loaded. */
    public static final String REDIRECT_URI = "http://localhost/practicekey-test/callback";

    private final PracticeKeyServer kc;
    /**
     * The HTTPS listener where there is one: Keycloak treats loopback HTTP as a secure context and
     * marks its cookies {@code Secure}, which HtmlUnit then keeps for HTTPS only.
     */
    private final URI base;
    private final WebClient client;
    private Page page;

    private Browser(PracticeKeyServer kc) {
        this(kc, kc.httpsUrl() != null ? kc.httpsUrl() : kc.baseUrl());
    }

    private Browser(PracticeKeyServer kc, URI base) {
        this.kc = kc;
        this.base = base;
        this.client = new WebClient();
        client.getOptions().setUseInsecureSSL(true); // the stack's self-signed certificate
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        new WebConnectionWrapper(client) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                if (request.getUrl().toString().startsWith(REDIRECT_URI)) {
                    return new StringWebResponse("signed in", request.getUrl());
                }
                return super.getResponse(request);
            }
        };
    }

    public static Browser open(PracticeKeyServer kc) {
        return new Browser(kc);
    }

    /**
     * A browser for a Keycloak that is not the fixture's (e.g. a whole stack started by a system
     * test), on its listener {@code keycloakBase}; {@link #exchangeCode()} needs the fixture and
     * is not available.
     */
    public static Browser at(URI keycloakBase) {
        return new Browser(null, keycloakBase);
    }

    /** Opens the test client's authorization request: the first sign-in page (username). */
    public HtmlPage startLogin() {
        URI auth = realmUrl("protocol/openid-connect/auth?client_id=" + PracticeKeyServer.TEST_CLIENT
                + "&response_type=code&scope=openid&redirect_uri=" + Http.enc(REDIRECT_URI));
        return go(auth.toString());
    }

    /**
     * Asks Keycloak for an application-initiated action ({@code kc_action}, e.g.
     * {@code UPDATE_PASSWORD}, which is how the account console changes a password) in the
     * browser's current sign-in session.
     */
    public HtmlPage requestAction(String action) {
        URI auth = realmUrl("protocol/openid-connect/auth?client_id=" + PracticeKeyServer.TEST_CLIENT
                + "&response_type=code&scope=openid&redirect_uri=" + Http.enc(REDIRECT_URI) + "&kc_action=" + Http.enc(action));
        return go(auth.toString());
    }

    /** A URL of the realm on the browser's listener. */
    public URI realmUrl(String path) {
        return base.resolve("/realms/" + PracticeKeyServer.REALM + "/" + path);
    }

    /** Opens any URL (e.g. the account console or a kc_action link). */
    public HtmlPage go(String url) {
        try {
            page = client.getPage(url);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
        }
        return htmlPage();
    }

    /**
     * Signs in through the identity-first pages: the username page, then the password page.
     * Returns the page Keycloak shows next (an error, a required action, or the redirect back).
     */
    public Page signIn(String username, String password) {
        startLogin();
        submit(Map.of("username", username));
        if (hasInput("password") && !hasInput("password-new")) {
            submit(Map.of("password", password));
        }
        return page;
    }

    /** Fills the named inputs of the current page's form that has them and submits it. */
    public Page submit(Map<String, String> fields) {
        HtmlPage html = htmlPage();
        HtmlForm form = html.getForms().stream()
                .filter(f -> fields.keySet().stream().allMatch(name -> !f.getInputsByName(name).isEmpty()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no form with fields " + fields.keySet()
                        + " on the page " + html.getUrl() + ": " + text()));
        fields.forEach((name, value) -> form.getInputByName(name).setValue(value));
        HtmlElement button = form.getFirstByXPath(".//*[(self::button or self::input) and @type='submit']");
        try {
            page = button != null ? button.click() : form.getPage().getWebClient()
                    .getPage(form.getWebRequest(null));
        } catch (IOException e) {
            throw new IllegalStateException("submitting the form failed: " + e.getMessage(), e);
        }
        return page;
    }

    /** Follows the first link whose address contains {@code hrefPart} (e.g. {@code reset-credentials}). */
    public Page follow(String hrefPart) {
        HtmlPage html = htmlPage();
        org.htmlunit.html.HtmlAnchor link = html.getAnchors().stream()
                .filter(a -> a.getHrefAttribute().contains(hrefPart)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no link to " + hrefPart + " on " + html.getUrl() + ": " + text()));
        try {
            page = link.click();
        } catch (IOException e) {
            throw new IllegalStateException("following " + hrefPart + " failed: " + e.getMessage(), e);
        }
        return page;
    }

    /** Clicks the element with this id, e.g. Keycloak's organization pick {@code organization-<alias>}. */
    public Page click(String id) {
        HtmlPage html = htmlPage();
        DomElement element = html.getElementById(id);
        if (element == null) {
            throw new IllegalStateException("no element " + id + " on " + html.getUrl() + ": " + text());
        }
        try {
            page = element.click();
        } catch (IOException e) {
            throw new IllegalStateException("clicking " + id + " failed: " + e.getMessage(), e);
        }
        return page;
    }

    public boolean hasInput(String name) {
        return page instanceof HtmlPage html && html.getForms().stream().anyMatch(f -> !f.getInputsByName(name).isEmpty());
    }

    /** The visible text of the current page. */
    public String text() {
        if (page instanceof HtmlPage html) {
            return html.asNormalizedText();
        }
        return page == null ? "" : page.getWebResponse().getContentAsString();
    }

    /** The error Keycloak shows on a login page (the input or alert message), if any. */
    public Optional<String> error() {
        if (!(page instanceof HtmlPage html)) {
            return Optional.empty();
        }
        for (String id : new String[]{"input-error", "input-error-username", "input-error-password"}) {
            DomElement e = html.getElementById(id);
            if (e != null && !e.asNormalizedText().isBlank()) {
                return Optional.of(e.asNormalizedText());
            }
        }
        HtmlElement alert = html.getFirstByXPath("//*[contains(@class,'alert') or contains(@class,'kc-feedback-text')]");
        return alert == null ? Optional.empty() : Optional.of(alert.asNormalizedText());
    }

    /** The browser itself, e.g. for requests to an app that signs in through Keycloak and for its cookies. */
    public WebClient webClient() {
        return client;
    }

    public URL url() {
        return page.getUrl();
    }

    public HtmlPage htmlPage() {
        if (page instanceof HtmlPage html) {
            return html;
        }
        throw new IllegalStateException("not an HTML page: " + (page == null ? "none" : page.getUrl()));
    }

    /** The authorization code, once Keycloak has redirected back to the test client. */
    public Optional<String> authorizationCode() {
        if (page == null || !page.getUrl().toString().startsWith(REDIRECT_URI)) {
            return Optional.empty();
        }
        return queryParameter(page.getUrl(), "code");
    }

    /** Exchanges the authorization code for tokens; fails when Keycloak did not redirect back with one. */
    public JsonNode exchangeCode() {
        if (kc == null) {
            throw new IllegalStateException("exchangeCode needs the fixture's server (Browser.open)");
        }
        String code = authorizationCode().orElseThrow(() -> new IllegalStateException(
                "no authorization code: the browser is at " + url() + ": " + text()));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", PracticeKeyServer.TEST_CLIENT);
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), form).expect(200).json();
    }

    private static Optional<String> queryParameter(URL url, String name) {
        String query = url.getQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }
}
