package com.practicekey.keycloak.stack;

import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Keycloak under test keeps its data in a real PostgreSQL that tests can read. */
@PracticeKeyTest
class DatabaseIT {

    @Test
    void keycloak_runs_on_postgresql_with_the_practicekey_realm(PracticeKeyServer kc) throws Exception {
        assumeTrue(kc.database() != null, "the " + kc.backend() + " backend keeps its database inside the container");
        PracticeKeyServer.User user = kc.newUser();

        try (Connection c = kc.database().connect("keycloak"); Statement s = c.createStatement()) {
            ResultSet version = s.executeQuery("SELECT version()");
            version.next();
            assertThat(version.getString(1)).startsWith("PostgreSQL");

            ResultSet realm = s.executeQuery("SELECT count(*) FROM realm WHERE name = 'practicekey'");
            realm.next();
            assertThat(realm.getInt(1)).as("realm practicekey imported").isEqualTo(1);

            ResultSet users = s.executeQuery("SELECT username FROM user_entity WHERE id = '" + user.id() + "'");
            assertThat(users.next()).isTrue();
            assertThat(users.getString(1)).isEqualTo(user.email());
        }
    }
}
