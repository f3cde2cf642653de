package com.practicekey.keycloak.tenancy;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contract's error shape: {@code {"error": "<code>", "message": "<human text>"}}. */
public final class ApiError extends WebApplicationException {

    public ApiError(int status, String code, String message) {
        super(message, response(status, code, message));
    }

    public static Response response(int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (status == 401) {
            b.header("WWW-Authenticate", "Bearer realm=\"practicekey\"");
        }
        return b.build();
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "a valid bearer access token of this realm is required");
    }
}
