package com.practicekey.apps.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.HtmlErrorResponseBodyProvider;
import jakarta.inject.Singleton;

/**
 * What Micronaut refuses itself for a client that asks for HTML (a browser): on the app's pages
 * ({@link PageRefusals#serves}) the app's own error page with the same message as the API's
 * JSON ({@link ApiErrorBodyProvider}); elsewhere a minimal page with that message (Micronaut's
 * default page would show its own texts and styles).
 */
@Singleton
@Replaces(HtmlErrorResponseBodyProvider.class)
public class HtmlErrorBodyProvider implements HtmlErrorResponseBodyProvider {

    private final PageRefusals pages;

    public HtmlErrorBodyProvider(@Nullable PageRefusals pages) {
        this.pages = pages;
    }

    @Override
    public String body(ErrorContext context, HttpResponse<?> response) {
        ApiError error = ApiErrorBodyProvider.error(context, response);
        HttpStatus status = response.getStatus();
        if (pages != null && status != HttpStatus.UNAUTHORIZED && pages.serves(context.getRequest())
                && pages.refused(context.getRequest(), status, error.message()).getBody().orElse(null) instanceof String page) {
            return page;
        }
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status.getCode() + "</title></head>\n"
                + "<body><h1>" + status.getCode() + " " + escape(status.getReason()) + "</h1>\n<p id=\"error\">"
                + escape(error.message()) + "</p></body></html>\n";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
