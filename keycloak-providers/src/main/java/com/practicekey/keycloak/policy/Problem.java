package com.practicekey.keycloak.policy;

/**
 * A malformed part of a policy or of a tenant setting: {@code subject} names the bad part (the
 * policy fragment as written, or the attribute name) and {@code detail} says what is wrong.
 */
public record Problem(String subject, String detail) {

    @Override
    public String toString() {
        return subject + ": " + detail;
    }
}
