package com.practicekey.apps.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Singleton
public class ApiExceptionHandler implements ExceptionHandler<ApiException, MutableHttpResponse<ApiError>> {
    @Override
    public MutableHttpResponse<ApiError> handle(HttpRequest request, ApiException e) {
        return HttpResponse.<ApiError>status(e.status()).body(new ApiError(e.code(), e.getMessage()));
    }
}
