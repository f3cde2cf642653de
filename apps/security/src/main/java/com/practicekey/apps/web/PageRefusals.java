package com.practicekey.apps.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/**
 * An app's HTML pages, if it has any: the refusals of requests for them (401, 403) are answered
 * as pages for a browser instead of the JSON of the API. Who may do what is decided exactly as
 * for the API (same token checks, same {@code @RequiresPermission}); only the answer differs.
 */
public interface PageRefusals {

    /** Whether {@code request} is for one of the app's pages (e.g. its path is under {@code /ui}). */
    boolean serves(HttpRequest<?> request);

    /**
     * The answer to a refused page request: {@code UNAUTHORIZED} (no acceptable session; the
     * request's attributes say why) or {@code FORBIDDEN} with {@code message} naming the missing
     * permission or practice.
     */
    MutableHttpResponse<?> refused(HttpRequest<?> request, HttpStatus status, String message);
}
