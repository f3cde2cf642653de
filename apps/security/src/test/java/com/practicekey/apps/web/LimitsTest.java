package com.practicekey.apps.web;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsTest {

    @Test
    void dates_and_times_are_taken_in_the_years_1800_to_9999() {
        assertTrue(Limits.plausible((LocalDate) null));
        assertTrue(Limits.plausible(LocalDate.of(1800, 1, 1)));
        assertTrue(Limits.plausible(LocalDate.of(9999, 12, 31)));
        assertFalse(Limits.plausible(LocalDate.of(1799, 12, 31)));
        assertFalse(Limits.plausible(LocalDate.of(1500, 6, 15)), "before 1582 java.sql.Date shifts the day");
        assertFalse(Limits.plausible(LocalDate.parse("-999999999-01-01")));
        assertFalse(Limits.plausible(LocalDate.parse("+100000-01-01")));
        assertTrue(Limits.plausible(Instant.parse("1800-01-01T00:00:00Z")));
        assertTrue(Limits.plausible(Instant.parse("9999-12-31T23:59:59.999Z")));
        assertFalse(Limits.plausible(Instant.parse("1799-12-31T23:59:59Z")));
        assertFalse(Limits.plausible(Instant.parse("-290000-01-01T00:00:00Z")));
        assertFalse(Limits.plausible(Instant.MAX));
        assertFalse(Limits.plausible(Instant.parse("+10000-01-01T00:00:00Z")));
        assertFalse(Limits.plausible(Instant.MIN));
    }

    @Test
    void text_without_nul_and_numbers_postgresql_holds() {
        assertTrue(Limits.plausible("Testperson"));
        assertFalse(Limits.plausible("Test\0person"));
        assertTrue(Limits.plausible(new BigDecimal("72.5")));
        assertTrue(Limits.plausible(new BigDecimal("123456789012345.12345678901234567890")));
        assertFalse(Limits.plausible(new BigDecimal("1e-20000")));
        assertFalse(Limits.plausible(new BigDecimal("1e30")));
        assertFalse(Limits.plausible(new BigDecimal("0.000000000000000000001")));
    }

    @Test
    void problems_name_no_value_and_check_names_the_field() {
        assertNull(Limits.problem(LocalDate.of(2000, 1, 1)));
        assertNull(Limits.problem(42));
        assertEquals(Limits.DATE_PROBLEM, Limits.problem(LocalDate.of(1500, 6, 15)));
        assertEquals(Limits.TIME_PROBLEM, Limits.problem(Instant.parse("-290000-01-01T00:00:00Z")));
        assertEquals(Limits.NUL_PROBLEM, Limits.problem("a\0b"));
        assertEquals(Limits.NUMBER_PROBLEM, Limits.problem(new BigDecimal("1e-20000")));
        ApiException e = assertThrows(ApiException.class, () -> Limits.check("birthDate", LocalDate.of(1500, 6, 15)));
        assertEquals("birthDate: must be a date in the years 1800 to 9999", e.getMessage());
        assertEquals(400, e.status().getCode());
    }
}
