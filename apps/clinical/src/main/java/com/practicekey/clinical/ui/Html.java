package com.practicekey.clinical.ui;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The few pieces of HTML the clinical pages are made of. Every value that is not a literal of
 * this code goes through {@link #esc} (text and attribute values alike) or, inside a URL,
 * {@link #url}; nothing else is ever concatenated into a page.
 */
final class Html {

    private Html() {
    }

    /** Text or an attribute value (always double-quoted here), with every HTML metacharacter escaped. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query parameter value. */
    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A whole page: the header names the practice and the user (when known) and offers sign-out
     * (a POST form: {@code /logout} ends the Keycloak session too). {@code body} is HTML built
     * with {@link #esc}.
     */
    static MutableHttpResponse<String> page(HttpStatus status, String title, String practice, String user, String body) {
        StringBuilder h = new StringBuilder(2048);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>").append(esc(title)).append(" - PracticeKey clinical</title></head>\n<body>\n<header>");
        if (practice != null) {
            h.append("<p>Practice <strong id=\"practice\">").append(esc(practice)).append("</strong>");
            if (user != null) {
                h.append(" &middot; signed in as <span id=\"user\">").append(esc(user)).append("</span>");
            }
            h.append("</p><form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button></form>");
        }
        h.append("</header>\n<main>\n<h1>").append(esc(title)).append("</h1>\n").append(body).append("</main>\n</body></html>\n");
        return HttpResponse.<String>status(status).body(h.toString())
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                // Pages show patient data: never stored by the browser or a proxy.
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin");
    }

    /** An error page: what was refused and why, and the way back. */
    static MutableHttpResponse<String> error(HttpStatus status, String message, String practice, String user) {
        String title = switch (status) {
            case FORBIDDEN -> "Not allowed";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Not possible";
            case BAD_REQUEST -> "Bad request";
            default -> "Error " + status.getCode();
        };
        return page(status, title, practice, user,
                "<p id=\"error\">" + esc(message) + "</p>\n<p><a href=\"/ui\">Back to the patients</a></p>\n");
    }
}
