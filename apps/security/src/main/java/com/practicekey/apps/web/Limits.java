package com.practicekey.apps.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the apps take as values, at every edge (JSON API bodies and query parameters, FHIR import):
 * dates and times in the years {@value #MIN_YEAR} to {@value #MAX_YEAR} (PostgreSQL holds more,
 * but nothing earlier is a plausible clinical or billing date, and dates before 1582 would be
 * shifted by the Julian/Gregorian conversion of {@code java.sql.Date}); text without NUL
 * characters (PostgreSQL text cannot hold them); numbers with at most {@value #MAX_INTEGER_DIGITS}
 * digits before and {@value #MAX_FRACTION_DIGITS} after the decimal point. Each check answers the
 * problem (without the value) or null.
 */
public final class Limits {

    public static final int MIN_YEAR = 1800;
    public static final int MAX_YEAR = 9999;
    public static final int MAX_INTEGER_DIGITS = 15;
    public static final int MAX_FRACTION_DIGITS = 20;

    public static final String DATE_PROBLEM = "must be a date in the years " + MIN_YEAR + " to " + MAX_YEAR;
    public static final String TIME_PROBLEM = "must be a time in the years " + MIN_YEAR + " to " + MAX_YEAR;
    public static final String NUL_PROBLEM = "must not contain NUL characters";
    public static final String NUMBER_PROBLEM = "must have at most " + MAX_INTEGER_DIGITS + " digits before and "
            + MAX_FRACTION_DIGITS + " after the decimal point";

    private Limits() {
    }

    public static boolean plausible(LocalDate d) {
        return d == null || (d.getYear() >= MIN_YEAR && d.getYear() <= MAX_YEAR);
    }

    private static final Instant FIRST_INSTANT = LocalDate.of(MIN_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant END_INSTANT = LocalDate.of(MAX_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** In the years {@value #MIN_YEAR} to {@value #MAX_YEAR} in UTC. */
    public static boolean plausible(Instant i) {
        return i == null || (!i.isBefore(FIRST_INSTANT) && i.isBefore(END_INSTANT));
    }

    public static boolean plausible(String s) {
        return s == null || s.indexOf('\0') < 0;
    }

    public static boolean plausible(BigDecimal n) {
        return n == null || (n.precision() - n.scale() <= MAX_INTEGER_DIGITS && n.scale() <= MAX_FRACTION_DIGITS);
    }

    /** The problem with a value the apps would store, or null: dates, times, text and numbers as above. */
    public static String problem(Object v) {
        if (v instanceof LocalDate d) {
            return plausible(d) ? null : DATE_PROBLEM;
        }
        if (v instanceof Instant i) {
            return plausible(i) ? null : TIME_PROBLEM;
        }
        if (v instanceof String s) {
            return plausible(s) ? null : NUL_PROBLEM;
        }
        if (v instanceof BigDecimal n) {
            return plausible(n) ? null : NUMBER_PROBLEM;
        }
        return null;
    }

    /** Throws the 400 naming {@code field} when {@code v} has a {@link #problem}. */
    public static void check(String field, Object v) {
        String p = problem(v);
        if (p != null) {
            throw ApiException.badRequest(field + ": " + p);
        }
    }
}
