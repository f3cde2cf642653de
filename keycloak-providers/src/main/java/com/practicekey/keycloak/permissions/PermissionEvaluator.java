package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.permissions.PermissionEvaluation.Kind;
import com.practicekey.keycloak.permissions.PermissionEvaluation.Problem;
import com.practicekey.keycloak.permissions.PermissionEvaluation.Side;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a user's effective permissions in one tenant (contract section 5): every catalog
 * permission matched by some {@code allow} pattern of the user's roles there, minus every
 * catalog permission matched by any {@code deny} pattern of any of those roles.
 * <p>
 * Bad patterns never widen access:
 * <ul>
 *   <li>a malformed allow grants nothing;</li>
 *   <li>a malformed deny denies <em>every</em> permission: its intent cannot be known, and any
 *       narrower reading could leave something granted that it was meant to remove;</li>
 *   <li>a well-formed pattern matching no catalog permission (e.g. a name not in the catalog)
 *       grants or denies nothing; it is reported.</li>
 * </ul>
 * Every bad pattern is listed in {@link PermissionEvaluation#problems()}.
 */
public final class PermissionEvaluator {

    private PermissionEvaluator() {
    }

    public static PermissionEvaluation evaluate(PermissionCatalog catalog, Collection<Role> roles) {
        SortedMap<String, SortedSet<String>> allowedBy = new TreeMap<>();
        SortedMap<String, SortedSet<String>> deniedBy = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();

        for (Role role : roles) {
            for (String text : role.allow()) {
                Optional<PermissionPattern> pattern = PermissionPattern.parse(text);
                if (pattern.isEmpty()) {
                    problems.add(new Problem(role.name(), Side.ALLOW, text, Kind.MALFORMED));
                } else {
                    record(catalog.matching(pattern.get()), role, Side.ALLOW, text, allowedBy, problems);
                }
            }
            for (String text : role.deny()) {
                Optional<PermissionPattern> pattern = PermissionPattern.parse(text);
                if (pattern.isEmpty()) {
                    problems.add(new Problem(role.name(), Side.DENY, text, Kind.MALFORMED));
                    addAll(deniedBy, catalog.names(), role.name());
                } else {
                    record(catalog.matching(pattern.get()), role, Side.DENY, text, deniedBy, problems);
                }
            }
        }

        SortedMap<String, List<String>> grantedBy = new TreeMap<>();
        List<String> withheld = new ArrayList<>();
        allowedBy.forEach((permission, allowing) -> {
            if (deniedBy.containsKey(permission)) {
                withheld.add(permission);
            } else {
                grantedBy.put(permission, List.copyOf(allowing));
            }
        });
        SortedMap<String, List<String>> denied = new TreeMap<>();
        deniedBy.forEach((permission, denying) -> denied.put(permission, List.copyOf(denying)));

        return new PermissionEvaluation(
                List.copyOf(grantedBy.keySet()),
                grantedBy,
                denied,
                withheld,
                problems.stream().distinct().sorted().toList());
    }

    private static void record(SortedSet<String> matched, Role role, Side side, String text,
                               Map<String, SortedSet<String>> into, List<Problem> problems) {
        if (matched.isEmpty()) {
            problems.add(new Problem(role.name(), side, text, Kind.UNKNOWN));
        }
        addAll(into, matched, role.name());
    }

    private static void addAll(Map<String, SortedSet<String>> into, Collection<String> permissions, String role) {
        for (String permission : permissions) {
            into.computeIfAbsent(permission, p -> new TreeSet<>()).add(role);
        }
    }
}
