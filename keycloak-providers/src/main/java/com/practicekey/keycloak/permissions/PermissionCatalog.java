package com.practicekey.keycloak.permissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The concrete permission names the apps enforce ({@code realm-config/permissions.json}):
 * an immutable, sorted set of well-formed names. Only names in the catalog can ever be granted.
 */
public final class PermissionCatalog {

    private final SortedSet<String> names;

    private PermissionCatalog(SortedSet<String> names) {
        this.names = Collections.unmodifiableSortedSet(names);
    }

    /**
     * A catalog of {@code names}.
     *
     * @throws IllegalArgumentException naming every malformed or duplicated name, if any
     */
    public static PermissionCatalog of(Collection<String> names) {
        SortedSet<String> sorted = new TreeSet<>();
        List<String> malformed = new ArrayList<>();
        SortedSet<String> duplicated = new TreeSet<>();
        for (String name : names) {
            if (!PermissionPattern.isWellFormedName(name)) {
                malformed.add(name == null ? "null" : '"' + name + '"');
            } else if (!sorted.add(name)) {
                duplicated.add(name);
            }
        }
        if (!malformed.isEmpty() || !duplicated.isEmpty()) {
            StringBuilder message = new StringBuilder("invalid permission catalog:");
            if (!malformed.isEmpty()) {
                message.append(" malformed names ").append(malformed).append(';');
            }
            if (!duplicated.isEmpty()) {
                message.append(" duplicated names ").append(duplicated).append(';');
            }
            throw new IllegalArgumentException(message.toString());
        }
        return new PermissionCatalog(sorted);
    }

    /** Every name, sorted. */
    public SortedSet<String> names() {
        return names;
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /** The catalog names {@code pattern} matches, sorted. */
    public SortedSet<String> matching(PermissionPattern pattern) {
        SortedSet<String> matched = new TreeSet<>();
        for (String name : names) {
            if (pattern.matches(name)) {
                matched.add(name);
            }
        }
        return Collections.unmodifiableSortedSet(matched);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PermissionCatalog c && c.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "PermissionCatalog" + names;
    }
}
