package com.practicekey.keycloak.lockout;

import com.practicekey.stack.Http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Just enough of a browser for Keycloak's login pages: cookies, forms, redirects followed by
 * hand (so that the final redirect to the client, with its {@code code}, can be seen).
 */
final class Browser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    /**
     * Cookies by name. Kept by hand: Keycloak marks its cookies {@code Secure}, which Java's
     * cookie manager then withholds from the plain-HTTP listener the tests use.
     */
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One answer: status, body, and the Location of a redirect. */
    record Page(URI uri, int status, String body, String location) {
        boolean isRedirect() {
            return status / 100 == 3 && location != null;
        }

        boolean hasField(String name) {
            return body.contains("name=\"" + name + "\"");
        }

        URI formAction() {
            Matcher m = FORM_ACTION.matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no form on the page (" + status + " " + uri + "):\n" + body);
            }
            return uri.resolve(m.group(1).replace("&amp;", "&"));
        }
    }

    Page get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Page post(URI uri, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Follows redirects that stay on {@code host}; stops at the first redirect elsewhere (the client). */
    Page follow(Page page, URI host) {
        while (page.isRedirect()) {
            URI next = page.uri().resolve(page.location());
            boolean codeForClient = next.getRawQuery() != null && next.getRawQuery().matches("(.*&)?code=.*")
                    && !next.getPath().contains("/login-actions/");
            if (!host.getAuthority().equals(next.getAuthority()) || codeForClient) {
                return page;
            }
            page = get(next);
        }
        return page;
    }

    private Page send(HttpRequest.Builder b) {
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpRequest request = b.header("Accept", "text/html").timeout(Duration.ofSeconds(60)).build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                boolean expired = set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (expired || value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return new Page(request.uri(), r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs in through the browser flow of the test client (identity-first: the username page,
     * then the password page). Returns the last page: a redirect to the client with a
     * {@code code} when it worked, else the page with the error.
     */
    static Page signIn(URI base, String username, String password) {
        Browser b = new Browser();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", "pk-test");
        q.put("redirect_uri", "http://localhost/callback");
        q.put("response_type", "code");
        q.put("scope", "openid");
        String query = q.entrySet().stream().map(e -> e.getKey() + "=" + Http.enc(e.getValue())).collect(Collectors.joining("&"));
        return b.signInAt(base, base.resolve("/realms/practicekey/protocol/openid-connect/auth?" + query), username, password);
    }

    /** Signs in on the login pages that {@code start} leads to (an authorization or device-verification URL). */
    Page signInAt(URI base, URI start, String username, String password) {
        Browser b = this;
        Page page = b.follow(b.get(start), base);
        if (page.hasField("username")) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("username", username);
            if (page.hasField("password")) {
                f.put("password", password);
            }
            page = b.follow(b.post(page.formAction(), f), base);
        }
        if (page.hasField("password") && !page.isRedirect()) {
            page = b.follow(b.post(page.formAction(), Map.of("password", password)), base);
        }
        return page;
    }

    /**
     * The forgot-password flow: the login page's reset link, the username, the e-mailed link
     * (from {@code smtp}), the new password. Returns the last page, as {@link #signIn}.
     */
    static Page resetPassword(URI base, String username, SmtpSink smtp, String newPassword) {
        Browser b = new Browser();
        Page login = b.follow(b.get(base.resolve("/realms/practicekey/protocol/openid-connect/auth?client_id=pk-test"
                + "&redirect_uri=" + Http.enc("http://localhost/callback") + "&response_type=code&scope=openid")), base);
        Matcher tab = Pattern.compile("tab_id=([^&\"]+)").matcher(login.formAction().toString());
        if (!tab.find()) {
            throw new IllegalStateException("no tab_id in " + login.formAction());
        }
        Page ask = b.follow(b.get(base.resolve("/realms/practicekey/login-actions/reset-credentials?client_id=pk-test&tab_id="
                + tab.group(1))), base);
        int seen = smtp.count();
        Page sent = b.follow(b.post(ask.formAction(), Map.of("username", username)), base);
        if (sent.status() != 200) {
            throw new IllegalStateException("asking for the reset e-mail failed: " + sent.status() + "\n" + sent.body());
        }
        Page form = b.follow(b.get(URI.create(smtp.awaitActionLink(seen))), base);
        if (!form.hasField("password-new")) {
            return form;
        }
        return b.follow(b.post(form.formAction(), Map.of("password-new", newPassword, "password-confirm", newPassword)), base);
    }

    /**
     * Opens an e-mailed action link in a new browser and, if it asks for a new password,
     * gives one; follows what comes next (an info page's "proceed" link included).
     */
    static Page followActionLink(URI base, String link, String newPassword) {
        Browser b = new Browser();
        Page page = b.follow(b.get(URI.create(link)), base);
        Matcher proceed = Pattern.compile("href=\"([^\"]*login-actions/action-token[^\"]*)\"").matcher(page.body());
        if (!page.hasField("password-new") && proceed.find()) {
            page = b.follow(b.get(page.uri().resolve(proceed.group(1).replace("&amp;", "&"))), base);
        }
        if (page.hasField("password-new")) {
            page = b.follow(b.post(page.formAction(), Map.of("password-new", newPassword, "password-confirm", newPassword)), base);
        }
        return page;
    }

    /** Fails with the page in the message unless the sign-in ended in a code for the client. */
    static void assertIssuedCode(Page page) {
        if (!issuedCode(page)) {
            throw new AssertionError("no code issued; last page " + page.status() + " " + page.uri()
                    + " Location=" + page.location() + "\n" + page.body());
        }
    }

    static boolean issuedCode(Page page) {
        return page.isRedirect() && page.location().matches("[^?]*\\?(.*&)?code=.*");
    }

    /** The text of the login page's error message, or {@code null}. */
    static String errorText(Page page) {
        Matcher m = Pattern.compile("id=\"input-error-(?!container)[^\"]*\"[^>]*>(?:\\s*<span[^>]*>)?\\s*([^<]+?)\\s*<",
                Pattern.DOTALL).matcher(page.body());
        if (m.find()) {
            return m.group(1).trim();
        }
        m = Pattern.compile("class=\"[^\"]*kc-feedback-text[^\"]*\"[^>]*>\\s*([^<]+?)\\s*<", Pattern.DOTALL).matcher(page.body());
        return m.find() ? m.group(1).trim() : null;
    }
}
