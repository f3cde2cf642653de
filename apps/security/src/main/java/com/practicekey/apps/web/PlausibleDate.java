package com.practicekey.apps.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A LocalDate or Instant in the years {@link Limits#MIN_YEAR} to {@link Limits#MAX_YEAR} (null is valid). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Constraint(validatedBy = {})
public @interface PlausibleDate {
    String message() default "must be in the years " + Limits.MIN_YEAR + " to " + Limits.MAX_YEAR;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
