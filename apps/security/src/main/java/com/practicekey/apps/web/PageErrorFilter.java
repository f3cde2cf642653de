package com.practicekey.apps.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * The refusals that Micronaut or a filter answers before a page's controller runs (an
 * unconvertible parameter, an oversized body, ...) come as the API's JSON error; for a request
 * of the app's HTML pages ({@link PageRefusals#serves}) the same status and message are answered
 * as the app's error page instead. 401 stays with {@code ApiAuthorizationHandler} (back to the
 * sign-in); API requests are untouched.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class PageErrorFilter implements Ordered {

    private final PageRefusals pages;

    public PageErrorFilter(@Nullable PageRefusals pages) {
        this.pages = pages;
    }

    @ResponseFilter
    public void asPage(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int code = response.code();
        if (pages == null || code < 400 || code >= 500 || code == HttpStatus.UNAUTHORIZED.getCode() || !pages.serves(request)) {
            return;
        }
        if (response.getHeaders().contains(CSP)) {
            return; // a page of the app's own
        }
        Object body = response.getBody().orElse(null);
        // JSON (a client asking for it, or a filter's refusal): the page with the same message; HTML
        // (HtmlErrorBodyProvider, for a browser): already the page, it lacks only the page's headers.
        MutableHttpResponse<?> page = pages.refused(request, response.status(),
                body instanceof ApiError error ? error.message() : response.reason());
        @SuppressWarnings("unchecked") MutableHttpResponse<Object> out = (MutableHttpResponse<Object>) response;
        if (body instanceof ApiError) {
            out.body(page.getBody().orElse(null));
        }
        for (String name : page.getHeaders().names()) {
            out.getHeaders().remove(name);
            page.getHeaders().getAll(name).forEach(v -> out.getHeaders().add(name, v));
        }
    }

    private static final String CSP = "Content-Security-Policy";

    @Override
    public int getOrder() {
        // Before every other filter, so that its response side sees what they answered (BodySizeFilter's 413 too).
        return ServerFilterPhase.FIRST.before();
    }
}
