package com.practicekey.apps.web;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class DataExceptionHandlerTest {

    private final DataExceptionHandler handler = new DataExceptionHandler();

    @Test
    void a_value_postgresql_refuses_is_a_400_without_the_value() {
        SQLException sql = new SQLException("ERROR: date/time field value out of range: \"Secretvalue\"", "22008");
        MutableHttpResponse<ApiError> r = handler.handle(HttpRequest.POST("/api/patients", ""),
                new DataAccessException("Error executing PERSIST: " + sql.getMessage(), sql));
        assertEquals(400, r.code());
        ApiError body = r.getBody().orElseThrow();
        assertEquals("invalid_request", body.error());
        assertEquals(DataExceptionHandler.MESSAGE, body.message());
        assertFalse(body.message().contains("Secretvalue"));
    }

    @Test
    void the_state_is_found_in_causes_and_batch_chains_and_other_failures_stay_500() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "22000", new int[0]);
        batch.setNextException(new SQLException("ERROR: numeric field overflow", "22003"));
        assertEquals("22000", DataExceptionHandler.dataState(new RuntimeException(batch)));
        BatchUpdateException other = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        other.setNextException(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        assertEquals("22021", DataExceptionHandler.dataState(other));
        SQLException unique = new SQLException("duplicate key", "23505");
        assertNull(DataExceptionHandler.dataState(unique));
        MutableHttpResponse<ApiError> r = handler.handle(HttpRequest.GET("/api/patients"), new DataAccessException("x", unique));
        assertEquals(500, r.code());
        assertEquals("server_error", r.getBody().orElseThrow().error());
    }
}
