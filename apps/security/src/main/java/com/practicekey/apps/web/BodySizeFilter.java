package com.practicekey.apps.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.Set;

/**
 * Bodies stay small: the server takes bodies up to the FHIR import limit
 * ({@code micronaut.server.max-request-size} and {@code max-request-buffer-size}, 16 MiB), so
 * every other route is held here to {@code practicekey.http.max-body-size} (64 KiB) by its
 * Content-Length (413 above), and a body without one (chunked) is refused there (411).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BodySizeFilter implements Ordered {

    /** Routes that take large bodies and check their own limit. */
    public static final Set<String> LARGE_BODY_PATHS = Set.of("/api/fhir/import");

    private final long maxBody;

    public BodySizeFilter(@Value("${practicekey.http.max-body-size:65536}") long maxBody) {
        this.maxBody = maxBody;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<ApiError> limit(HttpRequest<?> request) {
        if (LARGE_BODY_PATHS.contains(request.getPath())) {
            return null;
        }
        long length = request.getContentLength();
        if (length > maxBody) {
            return HttpResponse.<ApiError>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                    .body(new ApiError("payload_too_large", "the body is larger than " + maxBody + " bytes"));
        }
        String te = request.getHeaders().get(HttpHeaders.TRANSFER_ENCODING);
        if (length < 0 && te != null && te.toLowerCase().contains("chunked")) {
            return HttpResponse.<ApiError>status(HttpStatus.LENGTH_REQUIRED)
                    .body(new ApiError("length_required", "a request body needs a Content-Length here"));
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
