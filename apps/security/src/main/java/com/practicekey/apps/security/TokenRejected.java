package com.practicekey.apps.security;

/** An access token this app does not accept; the message says why and never contains the token. */
public final class TokenRejected extends Exception {
    public TokenRejected(String message) {
        super(message, null, false, false);
    }
}
