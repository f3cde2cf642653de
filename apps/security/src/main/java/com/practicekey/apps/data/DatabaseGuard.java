package com.practicekey.apps.data;

import io.micronaut.context.annotation.Context;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refuses to start on a database role that row-level security does not bind (a superuser or a
 * role with BYPASSRLS): practice isolation would silently be off.
 */
@Context
public class DatabaseGuard {

    public DatabaseGuard(TransactionOperations<Connection> tx) {
        String bypassing = tx.executeRead(status -> {
            try (Statement s = status.getConnection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT rolsuper, rolbypassrls, current_user FROM pg_roles WHERE rolname = current_user")) {
                return rs.next() && (rs.getBoolean(1) || rs.getBoolean(2)) ? rs.getString(3) : null;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot check the database role: " + e.getMessage(), e);
            }
        });
        if (bypassing != null) {
            throw new IllegalStateException("database role " + bypassing + " bypasses row-level security "
                    + "(superuser or BYPASSRLS): the app needs a plain role so that practice isolation holds");
        }
    }
}
