package com.practicekey.apps.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Text without NUL characters, which PostgreSQL cannot store (null is valid). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Constraint(validatedBy = {})
public @interface NoNul {
    String message() default Limits.NUL_PROBLEM;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
