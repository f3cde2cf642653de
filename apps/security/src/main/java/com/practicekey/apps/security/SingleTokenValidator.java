package com.practicekey.apps.security;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.security.token.validator.TokenValidator;

import java.util.stream.Collectors;

/**
 * Refuses to start when any token validator other than {@link PracticeKeyTokenValidator} is
 * active: Micronaut accepts a token that any one validator accepts, so a second one would
 * bypass every rule of this module.
 */
@Context
public class SingleTokenValidator {

    public SingleTokenValidator(BeanContext context) {
        var others = context.getBeanDefinitions(TokenValidator.class).stream()
                .filter(d -> !PracticeKeyTokenValidator.class.equals(d.getBeanType()))
                .map(d -> d.getBeanType().getName())
                .collect(Collectors.toList());
        if (!others.isEmpty()) {
            throw new IllegalStateException("token validators other than PracticeKeyTokenValidator are active: " + others
                    + "; set micronaut.security.token.jwt.nimbus.reactive-validator: false");
        }
    }
}
