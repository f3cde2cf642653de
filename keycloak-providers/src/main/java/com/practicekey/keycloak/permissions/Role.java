package com.practicekey.keycloak.permissions;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A tenant role: an organization group's name with its multi-valued {@code allow} and
 * {@code deny} attributes, patterns kept exactly as written (malformed ones included, so that
 * evaluation can report them).
 *
 * @throws NullPointerException if the name, a list or any pattern in it is {@code null}
 */
public record Role(String name, List<String> allow, List<String> deny) {

    public Role {
        Objects.requireNonNull(name, "name");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public static Role of(String name, Collection<String> allow, Collection<String> deny) {
        return new Role(name, List.copyOf(allow), List.copyOf(deny));
    }
}
