package com.practicekey.apps.security;

import com.practicekey.apps.web.ApiError;
import com.practicekey.apps.web.PageRefusals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * 401 (with {@code WWW-Authenticate: Bearer error="invalid_token"} and why) when there is no
 * acceptable token; 403 with the missing permission or the missing practice named. Requests for
 * the app's HTML pages, if it has a {@link PageRefusals}, get its pages instead of JSON.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class ApiAuthorizationHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final PageRefusals pages;

    public ApiAuthorizationHandler(@Nullable PageRefusals pages) {
        this.pages = pages;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException e) {
        boolean page = pages != null && pages.serves(request);
        if (e.isForbidden()) {
            String why = request.getAttribute(PermissionRule.FORBIDDEN, String.class)
                    .orElse("this endpoint is not open to any caller");
            return page ? pages.refused(request, HttpStatus.FORBIDDEN, why)
                    : HttpResponse.status(HttpStatus.FORBIDDEN).body(new ApiError("forbidden", why));
        }
        String why = request.getAttribute(PracticeKeyTokenValidator.REJECTION, String.class).orElse(null);
        if (page) {
            return pages.refused(request, HttpStatus.UNAUTHORIZED, why != null ? why : "sign in first");
        }
        boolean sentToken = request.getHeaders().getAuthorization().isPresent();
        String message = why != null ? why : sentToken ? "the access token is not accepted" : "an access token is required";
        String challenge = sentToken || why != null
                ? "Bearer error=\"invalid_token\", error_description=\"" + message.replace("\"", "'") + "\""
                : "Bearer";
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .body(new ApiError("invalid_token", message));
    }
}
