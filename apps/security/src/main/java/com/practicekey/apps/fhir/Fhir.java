package com.practicekey.apps.fhir;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Small readers of FHIR R4 data types, null-safe. */
public final class Fhir {

    private Fhir() {
    }

    public static Coding coding(CodeableConcept cc) {
        if (cc == null) {
            return null;
        }
        for (Coding c : cc.getCoding()) {
            if (c.hasCode()) {
                return c;
            }
        }
        return null;
    }

    public static String code(CodeableConcept cc) {
        Coding c = coding(cc);
        return c == null ? null : c.getCode();
    }

    public static String system(CodeableConcept cc) {
        Coding c = coding(cc);
        return c == null ? null : c.getSystem();
    }

    /** The concept's text, else its first display, else its first code. */
    public static String text(CodeableConcept cc) {
        if (cc == null) {
            return null;
        }
        if (cc.hasText()) {
            return cc.getText();
        }
        for (Coding c : cc.getCoding()) {
            if (c.hasDisplay()) {
                return c.getDisplay();
            }
        }
        return code(cc);
    }

    public static Instant instant(BaseDateTimeType t) {
        return t == null || t.getValue() == null ? null : t.getValue().toInstant();
    }

    /** The calendar date as written (no time-zone shift). */
    public static LocalDate date(BaseDateTimeType t) {
        if (t == null || t.getValue() == null) {
            return null;
        }
        return LocalDate.of(t.getYear(), t.getMonth() + 1, t.getDay());
    }

    public static LocalDate date(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    public static Instant start(Period p) {
        return p == null ? null : instant(p.getStartElement());
    }

    public static Instant end(Period p) {
        return p == null ? null : instant(p.getEndElement());
    }

    /** dateTime, Period (its start) or Instant choice values, as an instant. */
    public static Instant instantOf(Type choice) {
        if (choice instanceof BaseDateTimeType d) {
            return instant(d);
        }
        if (choice instanceof Period p) {
            return start(p) != null ? start(p) : end(p);
        }
        return null;
    }

    public static BigDecimal money(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    public static BigDecimal value(Quantity q) {
        return q == null || !q.hasValue() ? null : q.getValue();
    }

    public static String unit(Quantity q) {
        if (q == null) {
            return null;
        }
        return q.hasUnit() ? q.getUnit() : q.getCode();
    }

    public static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
