package com.practicekey.apps.web;

import io.micronaut.serde.annotation.Serdeable;

/** The error body of every refusal: {@code {"error": "<code>", "message": "<human text>"}}. */
@Serdeable
public record ApiError(String error, String message) {
}
