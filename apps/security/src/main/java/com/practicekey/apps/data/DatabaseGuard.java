package com.practicekey.apps.data;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refuses to start on a database role that row-level security does not bind (a superuser or a
 * role with BYPASSRLS): practice isolation would silently be off.
 */
@Context
@Requires(beans = DataSource.class)
public class DatabaseGuard {

    public DatabaseGuard(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper, rolbypassrls, current_user FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && (rs.getBoolean(1) || rs.getBoolean(2))) {
                throw new IllegalStateException("database role " + rs.getString(3) + " bypasses row-level security "
                        + "(superuser or BYPASSRLS): the app needs a plain role so that practice isolation holds");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the database role: " + e.getMessage(), e);
        }
    }
}
