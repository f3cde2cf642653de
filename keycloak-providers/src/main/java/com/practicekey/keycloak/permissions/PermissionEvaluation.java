package com.practicekey.keycloak.permissions;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a user holds in one tenant, and why. Every collection is immutable and sorted, so two
 * evaluations of the same roles (in any order) are equal.
 *
 * @param granted   the concrete permissions held: the {@code permissions} token claim
 * @param grantedBy each granted permission with the names of the roles whose {@code allow} matches it
 * @param deniedBy  each catalog permission some {@code deny} matches (whether or not a role allows it),
 *                  with the names of the denying roles
 * @param withheld  the permissions some role allows but a deny removes
 * @param problems  malformed patterns and patterns that match no catalog permission
 */
public record PermissionEvaluation(
        List<String> granted,
        SortedMap<String, List<String>> grantedBy,
        SortedMap<String, List<String>> deniedBy,
        List<String> withheld,
        List<Problem> problems) {

    /** Which attribute of a role a pattern comes from. */
    public enum Side { ALLOW, DENY }

    /** What is wrong with a pattern. */
    public enum Kind {
        /** Not a name, a {@code prefix.*} or {@code *}. A malformed allow grants nothing; a malformed deny denies everything. */
        MALFORMED,
        /** Well-formed but matches no catalog permission: it grants or denies nothing. */
        UNKNOWN
    }

    /** One pattern of one role that needs an administrator's attention. */
    public record Problem(String role, Side side, String pattern, Kind kind) implements Comparable<Problem> {

        private static final Comparator<Problem> ORDER = Comparator.comparing(Problem::role)
                .thenComparing(Problem::side)
                .thenComparing(Problem::pattern)
                .thenComparing(Problem::kind);

        /** Human-readable text for logs and admin events. */
        public String message() {
            String attribute = side == Side.ALLOW ? "allow" : "deny";
            String what = switch (kind) {
                case MALFORMED -> side == Side.ALLOW
                        ? "is malformed and grants nothing"
                        : "is malformed and denies every permission until it is fixed";
                case UNKNOWN -> "matches no permission of the catalog";
            };
            return "role '" + role + "': " + attribute + " pattern '" + pattern + "' " + what;
        }

        @Override
        public int compareTo(Problem other) {
            return ORDER.compare(this, other);
        }
    }

    public PermissionEvaluation {
        granted = List.copyOf(granted);
        grantedBy = copy(grantedBy);
        deniedBy = copy(deniedBy);
        withheld = List.copyOf(withheld);
        problems = List.copyOf(problems);
    }

    private static SortedMap<String, List<String>> copy(Map<String, List<String>> map) {
        SortedMap<String, List<String>> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(key, List.copyOf(value)));
        return Collections.unmodifiableSortedMap(copy);
    }
}
