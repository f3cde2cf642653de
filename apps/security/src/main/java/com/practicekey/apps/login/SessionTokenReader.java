package com.practicekey.apps.login;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;

/** The access token of the browser session, as {@link SessionFilter} left it on the request. */
@Singleton
public class SessionTokenReader implements TokenReader<HttpRequest<?>> {

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        return request.getAttribute(SessionFilter.ACCESS_TOKEN, String.class);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE; // a bearer token in the Authorization header comes first
    }
}
