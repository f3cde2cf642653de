package com.practicekey.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's access token for one of the apps' confidential clients, got the way the app itself
 * gets it: the authorization-code flow with PKCE over HTTPS, signing in on Keycloak's
 * identity-first pages (username, then password) with a cookie jar, requesting the practice with
 * the scope {@code organization:<alias>}. The browser never needs to reach the redirect URI: the
 * code is taken from the {@code Location} header and exchanged with the client secret.
 *
 * <p>The token is renewed (through the same sign-in session, so without the pages) when less
 * than a minute of it is left. Nothing typed, no token and no page content is ever logged;
 * errors name the user, the practice and the step.
 */
public final class AppLogin {

    /** What the flow needs from the realm: issuer base, client, its secret and registered redirect URI. */
    public record Client(URI realmBase, String clientId, String secret, String redirectUri) {
    }

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("\\b(name|value|type)=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR = Pattern.compile(
            "id=\"input-error[^\"]*\"[^>]*>\\s*([^<]+)|class=\"[^\"]*(?:kc-feedback-text|alert-error|pf-m-danger)[^\"]*\"[^>]*>\\s*(?:<[^>]+>\\s*)*([^<]+)",
            Pattern.CASE_INSENSITIVE);

    private final Client client;
    private final String username;
    private final String password;
    private final String practice;
    private final HttpClient http;
    private String token;
    private Instant expires = Instant.EPOCH;
    private JsonNode claims;

    public AppLogin(Client client, SSLContext tls, String username, String password, String practice) {
        this.client = client;
        this.username = username;
        this.password = password;
        this.practice = practice;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A TLS context that trusts the certificate of the stack's key store (the self-signed one made on first start). */
    public static SSLContext trusting(Path keyStore, String password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore source = KeyStore.getInstance("PKCS12");
            source.load(in, password.toCharArray());
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (String alias : java.util.Collections.list(source.aliases())) {
                Certificate cert = source.getCertificate(alias);
                if (cert != null) {
                    trust.setCertificateEntry(alias, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the stack's certificate from " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** A valid access token (at least a minute left), signing in or renewing as needed. */
    public synchronized String token() {
        if (token == null || Instant.now().isAfter(expires.minusSeconds(60))) {
            signIn();
        }
        return token;
    }

    /** The claims of the current token (payload only; the signature is the apps' business). */
    public synchronized JsonNode claims() {
        token();
        return claims;
    }

    private void signIn() {
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        URI auth = URI.create(client.realmBase() + "/protocol/openid-connect/auth?client_id=" + Http.enc(client.clientId())
                + "&response_type=code&redirect_uri=" + Http.enc(client.redirectUri())
                + "&scope=" + Http.enc("openid organization:" + practice)
                + "&state=" + state
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256");
        HttpResponse<String> r = send(HttpRequest.newBuilder(auth).GET(), "the authorization request");
        java.util.Set<String> submitted = new java.util.HashSet<>();
        String code = null;
        for (int step = 0; step < 12 && code == null; step++) {
            if (r.statusCode() == 302 || r.statusCode() == 303) {
                String location = r.headers().firstValue("Location").orElseThrow(() -> failure("a redirect without Location"));
                if (location.startsWith(client.redirectUri())) {
                    URI back = URI.create(location);
                    Optional<String> error = query(back, "error");
                    if (error.isPresent()) {
                        throw failure("Keycloak answered " + error.get() + query(back, "error_description").map(d -> ": " + d).orElse(""));
                    }
                    if (!query(back, "state").orElse("").equals(state)) {
                        throw failure("the redirect carries another state");
                    }
                    code = query(back, "code").orElseThrow(() -> failure("the redirect has no code"));
                } else {
                    r = send(HttpRequest.newBuilder(r.uri().resolve(location)).GET(), "a redirect");
                }
            } else if (r.statusCode() == 200) {
                r = submitLoginForm(r, submitted);
            } else {
                throw failure("HTTP " + r.statusCode() + " from " + r.uri().getPath());
            }
        }
        if (code == null) {
            throw failure("no authorization code after the sign-in pages");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", client.redirectUri());
        form.put("client_id", client.clientId());
        form.put("client_secret", client.secret());
        form.put("code_verifier", verifier);
        HttpResponse<String> t = send(HttpRequest.newBuilder(URI.create(client.realmBase() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))), "the code exchange");
        JsonNode json;
        try {
            json = Http.JSON.readTree(t.body());
        } catch (IOException e) {
            throw failure("the token endpoint answered HTTP " + t.statusCode() + " without JSON");
        }
        if (t.statusCode() != 200 || !json.hasNonNull("access_token")) {
            throw failure("the token endpoint answered HTTP " + t.statusCode() + ": " + json.path("error").asText()
                    + " " + json.path("error_description").asText());
        }
        token = json.get("access_token").asText();
        expires = Instant.now().plusSeconds(json.path("expires_in").asLong(60));
        claims = payload(token);
    }

    /**
     * Fills the page's login form: username and/or password, keeping its hidden fields. A page
     * asking again for what was already sent is a refusal: it is reported, never retried (which
     * could lock the account).
     */
    private HttpResponse<String> submitLoginForm(HttpResponse<String> page, java.util.Set<String> submitted) {
        String html = page.body();
        Matcher forms = FORM.matcher(html);
        while (forms.find()) {
            String formTag = html.substring(forms.start(), html.indexOf('>', forms.start()) + 1);
            Map<String, String> fields = new LinkedHashMap<>();
            boolean wants = false;
            Matcher inputs = INPUT.matcher(forms.group(1));
            while (inputs.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher a = ATTR.matcher(inputs.group());
                while (a.find()) {
                    attrs.put(a.group(1).toLowerCase(java.util.Locale.ROOT), unescape(a.group(2)));
                }
                String name = attrs.get("name");
                if (name == null || "submit".equalsIgnoreCase(attrs.get("type"))) {
                    continue;
                }
                switch (name) {
                    case "username" -> {
                        fields.put(name, username);
                        wants = true;
                    }
                    case "password" -> {
                        fields.put(name, password);
                        wants = true;
                    }
                    default -> {
                        if ("hidden".equalsIgnoreCase(attrs.get("type"))) {
                            fields.put(name, attrs.getOrDefault("value", ""));
                        }
                    }
                }
            }
            Matcher action = ACTION.matcher(formTag);
            if (wants && action.find()) {
                String asks = fields.containsKey("password") ? "password" : "username";
                if (!submitted.add(asks)) {
                    throw failure("sign-in refused" + pageError(html).map(e -> ": " + e).orElse(""));
                }
                URI target = page.uri().resolve(unescape(action.group(1)));
                return send(HttpRequest.newBuilder(target)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(formBody(fields))), "the sign-in form");
            }
        }
        throw failure("Keycloak showed a page without a sign-in form" + pageError(html).map(e -> ": " + e).orElse(
                " (a required action or an error page; sign in once in a browser to see it)"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String step) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw failure(step + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(step + " was interrupted");
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("signing in " + username + " to " + client.clientId() + " for practice "
                + practice + ": " + what);
    }

    static Optional<String> pageError(String html) {
        Matcher m = ERROR.matcher(html);
        while (m.find()) {
            String text = (m.group(1) != null ? m.group(1) : m.group(2)).trim();
            if (!text.isEmpty()) {
                return Optional.of(unescape(text));
            }
        }
        return Optional.empty();
    }

    static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalStateException("the access token is not a JWT");
        }
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the access token's payload is not JSON", e);
        }
    }

    static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&#61;", "=");
    }

    private static String formBody(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(Http.enc(k)).append('=').append(Http.enc(v)));
        return b.toString();
    }

    private static Optional<String> query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
