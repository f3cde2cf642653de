package com.practicekey.apps.web;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * The safety net behind the checks at the edges ({@link Limits}): a value PostgreSQL refuses as
 * data (SQLState class 22: date/time or numeric overflow, invalid character, ...) is the
 * caller's bad input, a 400 that names no value; the transaction was rolled back, so nothing
 * changed. PostgreSQL's own message quotes the value (possibly patient data), so it is neither
 * answered nor logged. Every other database failure stays a 500 without internals, logged by its
 * exception class and SQLState only.
 */
@Singleton
public class DataExceptionHandler implements ExceptionHandler<DataAccessException, MutableHttpResponse<ApiError>> {

    private static final Logger LOG = LoggerFactory.getLogger(DataExceptionHandler.class);

    public static final String MESSAGE = "a value cannot be stored (a date, time, number or text outside what the database holds); "
            + "nothing was changed";

    @Override
    public MutableHttpResponse<ApiError> handle(HttpRequest request, DataAccessException e) {
        String state = dataState(e);
        if (state != null) {
            LOG.warn("{} {} refused: the database rejected a value (SQLState {})", request.getMethod(), request.getPath(), state);
            return HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(new ApiError("invalid_request", MESSAGE));
        }
        // Not the exception itself: PostgreSQL's messages quote values (a key, a row), possibly patient data.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.error("{} {} failed: database error {}{}", request.getMethod(), request.getPath(), root.getClass().getName(),
                root instanceof SQLException s ? " (SQLState " + s.getSQLState() + ")" : "");
        return HttpResponse.<ApiError>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("server_error", "the server could not answer this request"));
    }

    /** The SQLState of class 22 (data exception) in {@code e}'s causes, else null. */
    public static String dataState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException() == n ? null : n.getNextException()) {
                    if (n.getSQLState() != null && n.getSQLState().startsWith("22")) {
                        return n.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
