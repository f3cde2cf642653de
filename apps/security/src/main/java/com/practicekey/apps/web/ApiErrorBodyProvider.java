package com.practicekey.apps.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Every error Micronaut answers itself (bad JSON, a constraint violation, an unconvertible
 * parameter, an oversized body, an unknown route...) in the contract's shape. A 400 names the
 * field; a 5xx never shows internals.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public class ApiErrorBodyProvider implements JsonErrorResponseBodyProvider<ApiError> {

    @Override
    public ApiError body(ErrorContext context, HttpResponse<?> response) {
        return error(context, response);
    }

    /** The contract's error for what Micronaut refused: the fields named; a 5xx without internals. */
    static ApiError error(ErrorContext context, HttpResponse<?> response) {
        int status = response.code();
        if (status >= 500) {
            return new ApiError("server_error", "the server could not answer this request");
        }
        String message = context.getErrors().stream()
                .map(ApiErrorBodyProvider::describe)
                .collect(Collectors.joining("; "));
        if (message.isBlank()) {
            message = response.reason();
        }
        return new ApiError(code(status), message);
    }

    private static String describe(Error e) {
        return e.getPath().map(p -> p + ": " + e.getMessage()).orElse(e.getMessage());
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "invalid_token";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 411 -> "length_required";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "error_" + status;
        };
    }
}
