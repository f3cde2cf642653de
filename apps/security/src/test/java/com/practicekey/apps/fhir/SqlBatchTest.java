package com.practicekey.apps.fhir;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqlBatchTest {

    @Test
    void a_value_outside_the_limits_names_its_column_not_the_value() {
        SqlBatch upsert = SqlBatch.upsert("patient", List.of("id", "family_name", "birth_date", "created_at"), List.of("created_at"));
        upsert.add(UUID.randomUUID(), "Testperson", LocalDate.of(1980, 4, 2), Instant.now());
        assertEquals(1, upsert.size());
        SqlBatch.BadValue e = assertThrows(SqlBatch.BadValue.class,
                () -> upsert.add(UUID.randomUUID(), "Testperson", LocalDate.of(1500, 6, 15), Instant.now()));
        assertEquals("birth_date: must be a date in the years 1800 to 9999", e.getMessage());
        assertEquals("family_name", assertThrows(SqlBatch.BadValue.class,
                () -> upsert.add(UUID.randomUUID(), "Test\0person", LocalDate.of(1980, 4, 2), Instant.now())).column());
        assertEquals(1, upsert.size(), "a refused row is not added");

        SqlBatch insert = new SqlBatch("INSERT INTO observation_component (observation_id, seq, value) VALUES (?, ?, ?)");
        assertEquals("value", assertThrows(SqlBatch.BadValue.class,
                () -> insert.add(UUID.randomUUID(), 1, new BigDecimal("1e-20000"))).column());
    }
}
