package com.practicekey.apps.web;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An integer field of a request body: a JSON integer from {@link #min} to {@link #max}. Put it
 * together with {@code @Serdeable.Deserializable(using = WholeNumber.Deserializer.class)}: serde
 * itself would truncate 1.5 to 1 and take the string "2" as 2; that deserializer reads anything
 * but a JSON integer (a fraction, a string, a number beyond int) as {@link #NOT_WHOLE}, which this
 * constraint then refuses with the field's path (e.g. {@code lines[0].units}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Constraint(validatedBy = {})
public @interface WholeNumber {

    /** What the deserializer reads a value that is not a JSON integer as (outside every range). */
    int NOT_WHOLE = Integer.MIN_VALUE;

    int min();

    int max();

    String message() default "must be a whole number (a JSON integer, not a fraction or a string) from {min} to {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reads a JSON integer as is and anything else as {@link #NOT_WHOLE}. */
    @jakarta.inject.Singleton
    @io.micronaut.core.annotation.Introspected
    final class Deserializer implements io.micronaut.serde.Deserializer<Integer> {
        @Override
        public Integer deserialize(io.micronaut.serde.Decoder decoder, io.micronaut.serde.Deserializer.DecoderContext context,
                                   io.micronaut.core.type.Argument<? super Integer> type) throws java.io.IOException {
            Object v = decoder.decodeArbitrary();
            if (v instanceof Integer i) {
                return i;
            }
            if ((v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger)
                    && ((Number) v).longValue() == ((Number) v).doubleValue()
                    && ((Number) v).longValue() >= Integer.MIN_VALUE + 1L && ((Number) v).longValue() <= Integer.MAX_VALUE) {
                return ((Number) v).intValue();
            }
            return NOT_WHOLE;
        }
    }
}
