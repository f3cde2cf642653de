package com.practicekey.stack;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A user who holds a temporary password (set by an administrator) chooses their own, as the user,
 * through Keycloak's real login pages over HTTP: the authorization request of the realm's
 * built-in {@value #CLIENT} client (code flow with PKCE), the username page, the password page,
 * then the update-password page (several times if Keycloak asks again, e.g. PracticeKey's policy
 * check) with the new password. The code is exchanged and the session it opened is logged out,
 * so the user is left with their own password, no required action and no session.
 *
 * <p>This is how the test fixture and the demo loader make users who can sign in at once:
 * PracticeKey makes every password a third party sets temporary, and no administrator can take
 * UPDATE_PASSWORD away. The new password is checked like any user's (the merged policy at that
 * moment, different from the temporary one); a refusal fails with the page's message. Plain
 * {@code java.net.http} with a cookie jar of its own (Keycloak marks its cookies {@code Secure}
 * even on loopback HTTP, which {@link java.net.CookieManager} would then withhold). Nothing typed
 * is logged or put into a message.
 */
public final class OwnPasswordChange {

    /** Keycloak's built-in public client of every realm (the account console). */
    public static final String CLIENT = "account-console";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int MAX_STEPS = 12;

    private final URI base;
    private final String realm;
    private final String redirectUri;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private OwnPasswordChange(URI base, String realm) {
        this.base = base;
        this.realm = realm;
        this.redirectUri = realmUrl("account/").toString();
    }

    /**
     * A random temporary password for an administrator to set: 20 characters with upper and lower
     * case letters, digits and a special character, so that it meets any sensible policy.
     */
    public static String randomTemporaryPassword() {
        StringBuilder b = new StringBuilder("T");
        for (int i = 0; i < 16; i++) {
            b.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return b.append("-7a").toString();
    }

    /**
     * Signs in as {@code username} with the temporary password and sets {@code newPassword} on the
     * update-password page. Fails (naming the step and quoting Keycloak's message) when the pages do
     * not end with the new password accepted.
     */
    public static void choose(URI base, String realm, String username, String temporaryPassword, String newPassword) {
        if (newPassword.equals(temporaryPassword)) {
            throw new IllegalArgumentException("the new password must differ from the temporary one");
        }
        new OwnPasswordChange(base, realm).run(username, temporaryPassword, newPassword);
    }

    private void run(String username, String temporaryPassword, String newPassword) {
        String verifier = randomUrlSafe(32);
        URI auth = realmUrl("protocol/openid-connect/auth?client_id=" + CLIENT + "&response_type=code&scope=openid"
                + "&redirect_uri=" + Http.enc(redirectUri) + "&code_challenge=" + challenge(verifier)
                + "&code_challenge_method=S256&state=" + randomUrlSafe(12));
        Step step = get(auth);
        if (step.page().flatMap(p -> p.form("username")).map(f -> f.inputs().contains("password")).orElse(false)) {
            step = post(step, "username", Map.of("username", username, "password", temporaryPassword));
        } else { // identity-first: the username page, then the password page
            step = post(step, "username", Map.of("username", username));
            step = post(step, "password", Map.of("password", temporaryPassword));
        }
        // UPDATE_PASSWORD, possibly preceded by another page asking for a new password (policy check)
        for (int i = 0; i < 3 && step.page().isPresent() && step.page().get().form("password-new").isPresent()
                && (i == 0 || step.page().get().fieldError().isEmpty()); i++) {
            step = post(step, "password-new", Map.of("password-new", newPassword, "password-confirm", newPassword));
        }
        Step last = step;
        String code = last.code().orElseThrow(() -> new IllegalStateException("choosing their own password as "
                + username + ": Keycloak did not finish the sign-in with the new password; the page says: "
                + last.problem()));
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", CLIENT);
        exchange.put("code", code);
        exchange.put("redirect_uri", redirectUri);
        exchange.put("code_verifier", verifier);
        Http.Response tokens = Http.form(realmUrl("protocol/openid-connect/token"), exchange);
        if (tokens.status() != 200) {
            throw new IllegalStateException("choosing their own password as " + username
                    + ": the code exchange answered HTTP " + tokens.status() + " " + tokens.json().path("error_description").asText());
        }
        // End the session the sign-in opened: the user is left as if they had signed out.
        Http.Response out = Http.form(realmUrl("protocol/openid-connect/logout"), Map.of(
                "client_id", CLIENT, "refresh_token", tokens.json().path("refresh_token").asText()));
        if (out.status() != 204 && out.status() != 200) {
            throw new IllegalStateException("choosing their own password as " + username
                    + ": the logout answered HTTP " + out.status());
        }
    }

    private URI realmUrl(String path) {
        return base.resolve("/realms/" + realm + "/" + path);
    }

    /** Where a request ended: a login page, or the redirect back to the client with a code. */
    private record Step(Optional<LoginPage> page, Optional<String> code, String where) {
        String problem() {
            return page.map(p -> p.fieldError().or(p::message).orElse("(no message)") + " (at " + where
                    + "; forms and their inputs: " + p.describe() + ")").orElse("no page, at " + where);
        }
    }

    private Step post(Step previous, String field, Map<String, String> values) {
        LoginPage page = previous.page().orElseThrow(() -> new IllegalStateException(
                "expected a login page with the field " + field + " but got " + previous.where()));
        LoginPage.Form form = page.form(field).orElseThrow(() -> new IllegalStateException(
                "expected a login page with the field " + field + "; the page says: " + previous.problem()));
        Map<String, String> fields = new LinkedHashMap<>(form.defaults());
        fields.putAll(values);
        String body = fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        URI action = base.resolve(form.action());
        return follow(request(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Step get(URI uri) {
        return follow(request(uri).GET().build());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "text/html");
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return b;
    }

    private Step follow(HttpRequest first) {
        HttpRequest request = first;
        for (int i = 0; i < MAX_STEPS; i++) {
            Http.Response r = Http.send(request);
            keepCookies(r);
            String location = r.header("Location");
            if (r.status() / 100 == 3 && location != null) {
                if (location.startsWith(redirectUri)) {
                    return new Step(Optional.empty(), queryParameter(location, "code"), "the redirect back to " + CLIENT);
                }
                request = request(request.uri().resolve(location)).GET().build();
                continue;
            }
            return new Step(Optional.of(LoginPage.parse(r.body())), Optional.empty(),
                    "HTTP " + r.status() + " " + request.uri().getPath());
        }
        throw new IllegalStateException("too many redirects from " + first.uri().getPath());
    }

    private void keepCookies(Http.Response r) {
        r.headers().forEach((name, values) -> {
            if (!"set-cookie".equalsIgnoreCase(name)) {
                return;
            }
            for (String header : values) {
                String[] parts = header.split(";");
                int eq = parts[0].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String cookie = parts[0].substring(0, eq).trim();
                String value = parts[0].substring(eq + 1).trim();
                boolean expired = value.isEmpty();
                for (int p = 1; p < parts.length; p++) {
                    String attribute = parts[p].trim().toLowerCase();
                    if (attribute.equals("max-age=0") || attribute.startsWith("max-age=-") || attribute.startsWith("expires=thu, 01 jan 1970")) {
                        expired = true;
                    }
                }
                if (expired) {
                    cookies.remove(cookie);
                } else {
                    cookies.put(cookie, value);
                }
            }
        });
    }

    private static Optional<String> queryParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String pair : url.substring(q + 1).split("[&#]")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
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

    /**
     * The forms of a Keycloak login page, the error shown at a field ({@code input-error-*}) and
     * the page's message (alert), read with regular expressions: Keycloak's templates are regular,
     * and the pages work without JavaScript.
     */
    record LoginPage(List<Form> forms, Optional<String> fieldError, Optional<String> message) {

        /** A form: its action, the names of its inputs, and what a browser would send unless told otherwise. */
        record Form(String action, List<String> inputs, Map<String, String> defaults) {
        }

        /** The forms' action paths and input names (never values), for messages. */
        String describe() {
            return forms.stream().map(f -> URI.create(f.action().replace(" ", "%20")).getPath() + " " + f.inputs())
                    .collect(Collectors.joining(", "));
        }

        private static final Pattern FORM = Pattern.compile("(?is)<form\\b([^>]*)>(.*?)</form>");
        private static final Pattern INPUT = Pattern.compile("(?is)<input\\b([^>]*)>");
        private static final Pattern ATTRIBUTE = Pattern.compile("(?is)([a-z][a-z0-9_-]*)\\s*=\\s*\"([^\"]*)\"");
        private static final Pattern FIELD_ERROR = Pattern.compile(
                "(?is)<(span|div)\\b[^>]*\\bid=\"input-error-(?!container)[^\"]*\"[^>]*>(.*?)</\\1>");
        private static final Pattern MESSAGE = Pattern.compile(
                "(?is)<(span|div)\\b[^>]*\\bclass=\"[^\"]*kc-feedback-text[^\"]*\"[^>]*>(.*?)</\\1>");

        static LoginPage parse(String html) {
            List<Form> forms = new ArrayList<>();
            Matcher f = FORM.matcher(html);
            while (f.find()) {
                Map<String, String> formAttributes = attributes(f.group(1));
                List<String> inputs = new ArrayList<>();
                Map<String, String> defaults = new LinkedHashMap<>();
                Matcher i = INPUT.matcher(f.group(2));
                while (i.find()) {
                    Map<String, String> a = attributes(i.group(1));
                    String name = a.get("name");
                    if (name == null) {
                        continue;
                    }
                    inputs.add(name);
                    String type = a.getOrDefault("type", "text").toLowerCase();
                    boolean sent = switch (type) {
                        case "password", "submit", "button", "image", "reset", "file" -> false;
                        case "checkbox", "radio" -> i.group(1).matches("(?is).*\\bchecked\\b.*");
                        default -> true;
                    };
                    if (sent) {
                        defaults.put(name, a.getOrDefault("value", type.equals("checkbox") || type.equals("radio") ? "on" : ""));
                    }
                }
                forms.add(new Form(formAttributes.getOrDefault("action", ""), inputs, defaults));
            }
            return new LoginPage(forms, firstText(FIELD_ERROR, html), firstText(MESSAGE, html));
        }

        private static Optional<String> firstText(Pattern pattern, String html) {
            Matcher m = pattern.matcher(html);
            while (m.find()) {
                String text = unescape(m.group(2).replaceAll("(?s)<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
                if (!text.isEmpty()) {
                    return Optional.of(text);
                }
            }
            return Optional.empty();
        }

        /** The first form that has an input of this name. */
        Optional<Form> form(String input) {
            return forms.stream().filter(f -> f.inputs().contains(input)).findFirst();
        }

        private static Map<String, String> attributes(String tag) {
            Map<String, String> out = new LinkedHashMap<>();
            Matcher m = ATTRIBUTE.matcher(tag);
            while (m.find()) {
                out.putIfAbsent(m.group(1).toLowerCase(), unescape(m.group(2)));
            }
            return out;
        }

        static String unescape(String s) {
            Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|apos|lt|gt);").matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String entity = m.group(1);
                String replacement = switch (entity) {
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    default -> new String(Character.toChars(entity.startsWith("#x")
                            ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1))));
                };
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
