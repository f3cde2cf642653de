package com.practicekey.keycloak.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Request bodies of PracticeKey's small JSON commands ({@code {"password": "..."}},
 * {@code {"reason": "..."}}), read from the raw text whatever the Content-Type says, so that every
 * refusal is a 400 in the contract's shape (not Keycloak's own parse errors or a 415).
 */
public final class JsonBody {

    private JsonBody() {
    }

    /**
     * The body as a JSON object with no field outside {@code allowed}; else 400 {@code invalid_request}
     * "&lt;problem&gt;; &lt;shape&gt;" (not JSON, not an object, an unknown field).
     */
    public static JsonNode object(String body, Set<String> allowed, String shape) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JsonSerialization.readValue(body, JsonNode.class);
        } catch (IOException e) {
            throw new ApiError(400, "invalid_request", "the body is not JSON; " + shape);
        }
        if (json == null || !json.isObject()) {
            throw new ApiError(400, "invalid_request", "the body must be a JSON object; " + shape);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiError(400, "invalid_request", "unknown field " + name + "; " + shape);
            }
        }
        return json;
    }
}
