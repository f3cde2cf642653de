package com.practicekey.keycloak.permissions;

import com.practicekey.stack.junit.PracticeKeyServer;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.StringWebResponse;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.WebConnectionWrapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.practicekey.stack.Http.enc;

/**
 * A browser (HtmlUnit) that signs in on Keycloak's login pages through the authorization code
 * flow with PKCE, the way the apps send their users: username page, the organization pick
 * when Keycloak offers one, password page. The app's redirect URI is answered by the browser
 * itself (no app runs), which records the code or the error Keycloak sent there.
 */
final class LoginBrowser implements AutoCloseable {

    /** How a sign-in ended: the code (or the error) sent to the app, and the practices offered for picking. */
    record Result(String code, String error, String codeVerifier, List<String> pickedFrom) {
    }

    private final PracticeKeyServer kc;
    private final TokenClient client;
    private final WebClient browser;
    private volatile URI callback;

    LoginBrowser(PracticeKeyServer kc, TokenClient client) {
        this.kc = kc;
        this.client = client;
        this.browser = new WebClient(BrowserVersion.FIREFOX);
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setTimeout(60_000);
        // The test server's certificate is self-signed.
        browser.getOptions().setUseInsecureSSL(true);
        String appPrefix = client.redirectUri();
        new WebConnectionWrapper(browser) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                if (request.getUrl().toString().startsWith(appPrefix)) {
                    callback = URI.create(request.getUrl().toString());
                    return new StringWebResponse("<html><body>app</body></html>", request.getUrl());
                }
                return super.getResponse(request);
            }
        };
    }

    /**
     * Signs the user in with the given scope; when Keycloak shows the organization pick, picks
     * {@code pick} (an alias; the test fails if it is asked to pick without one).
     */
    Result signIn(PracticeKeyServer.User user, String scope, String pick) {
        String verifier = randomUrlSafe(48);
        String url = authorizationEndpoint() + "?client_id=" + enc(client.clientId())
                + "&response_type=code&redirect_uri=" + enc(client.redirectUri())
                + "&scope=" + enc(scope) + "&state=" + randomUrlSafe(12)
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        List<String> offered = new ArrayList<>();
        try {
            Page page = browser.getPage(url);
            for (int step = 0; step < 6 && callback == null; step++) {
                if (!(page instanceof HtmlPage html)) {
                    throw new IllegalStateException("not an HTML page: " + page.getWebResponse().getStatusCode());
                }
                DomElement username = first(html.getElementsByName("username"));
                DomElement password = first(html.getElementsByName("password"));
                List<DomElement> organizations = html.getElementsByName("kc.org");
                if (!organizations.isEmpty()) {
                    organizations.forEach(o -> offered.add(o.getTextContent().trim()));
                    if (pick == null) {
                        throw new IllegalStateException("asked to pick a practice among " + offered);
                    }
                    page = html.getHtmlElementById("organization-" + pick).click();
                } else if (password != null) {
                    ((HtmlInput) password).setValue(user.password());
                    page = submit(html, password);
                } else if (username != null) {
                    ((HtmlInput) username).setValue(user.email());
                    page = submit(html, username);
                } else {
                    return new Result(null, "login page without a form: " + text(html), verifier, offered);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the browser failed: " + e.getMessage(), e);
        }
        if (callback == null) {
            throw new IllegalStateException("the sign-in did not come back to the app");
        }
        Map<String, String> query = query(callback);
        return new Result(query.get("code"), query.get("error") == null ? null
                : query.get("error") + ": " + query.get("error_description"), verifier, offered);
    }

    private static Page submit(HtmlPage page, DomElement field) throws IOException {
        DomElement form = field instanceof HtmlInput input ? input.getEnclosingForm() : null;
        DomElement button = form == null ? null : form.getFirstByXPath(".//*[@type='submit']");
        if (button == null) {
            button = page.getElementById("kc-login");
        }
        if (button == null) {
            throw new IllegalStateException("no submit button on the login page: " + text(page));
        }
        return button.click();
    }

    /**
     * Over HTTPS where the server has it: Keycloak's session cookies are {@code Secure}, and a
     * browser keeps those only from HTTPS pages.
     */
    private URI authorizationEndpoint() {
        String path = "/realms/" + PracticeKeyServer.REALM + "/protocol/openid-connect/auth";
        return kc.httpsUrl() != null ? kc.httpsUrl().resolve(path) : kc.baseUrl().resolve(path);
    }

    private static DomElement first(List<DomElement> elements) {
        return elements.isEmpty() ? null : elements.get(0);
    }

    private static String text(HtmlPage page) {
        String text = page.asNormalizedText();
        return text.length() > 400 ? text.substring(0, 400) : text;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return values;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
    }
}
