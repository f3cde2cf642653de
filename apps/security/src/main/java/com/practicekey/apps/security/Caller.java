package com.practicekey.apps.security;

import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the token's subject, its active practice and its permissions, taken from the
 * request being served, and the user name to show ({@code preferred_username}, {@code null} when
 * the token has none). Outside a request, or without a practice, there is no caller.
 */
public record Caller(String subject, String practice, Set<String> permissions, String username) {

    public static Caller current() {
        Authentication a = ServerRequestContext.currentRequest()
                .flatMap(r -> r.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class))
                .orElseThrow(() -> new IllegalStateException("no authenticated request in scope"));
        Object tenant = a.getAttributes().get(PracticeKeyTokenValidator.ATTR_TENANT);
        if (!(tenant instanceof String practice) || practice.isBlank()) {
            throw new IllegalStateException("the request has no active practice");
        }
        Object p = a.getAttributes().get(PracticeKeyTokenValidator.ATTR_PERMISSIONS);
        Set<String> permissions = p instanceof Collection<?> c
                ? c.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet()) : Set.of();
        Object username = a.getAttributes().get(PracticeKeyTokenValidator.ATTR_USERNAME);
        return new Caller(a.getName(), practice, permissions, username instanceof String u ? u : null);
    }
}
