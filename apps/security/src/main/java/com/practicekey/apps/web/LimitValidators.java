package com.practicekey.apps.web;

import io.micronaut.context.annotation.Factory;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.LocalDate;

/** The validators of {@link PlausibleDate} and {@link NoNul}. */
@Factory
public class LimitValidators {

    @Singleton
    ConstraintValidator<PlausibleDate, LocalDate> plausibleLocalDate() {
        return (value, annotation, context) -> Limits.plausible(value);
    }

    @Singleton
    ConstraintValidator<PlausibleDate, Instant> plausibleInstant() {
        return (value, annotation, context) -> Limits.plausible(value);
    }

    @Singleton
    ConstraintValidator<NoNul, CharSequence> noNul() {
        return (value, annotation, context) -> value == null || Limits.plausible(value.toString());
    }

    @Singleton
    ConstraintValidator<WholeNumber, Integer> wholeNumber() {
        return (value, annotation, context) -> value == null
                || (value != WholeNumber.NOT_WHOLE && value >= annotation.intValue("min").orElse(Integer.MIN_VALUE)
                && value <= annotation.intValue("max").orElse(Integer.MAX_VALUE));
    }
}
