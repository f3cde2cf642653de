package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.permissions.PermissionEvaluation.Kind;
import com.practicekey.keycloak.permissions.PermissionEvaluation.Problem;
import com.practicekey.keycloak.permissions.PermissionEvaluation.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated catalogs, roles and patterns over a tiny vocabulary, so that patterns often hit
 * catalog names, often miss them, and are sometimes malformed.
 */
class PermissionEvaluatorPropertiesTest {

    // ---- the laws of section 5 ----

    @Property
    void denyAlwaysWins(@ForAll("catalogs") PermissionCatalog catalog, @ForAll("roleLists") List<Role> roles) {
        List<String> granted = PermissionEvaluator.evaluate(catalog, roles).granted();

        for (String permission : granted) {
            for (Role role : roles) {
                for (String deny : role.deny()) {
                    Optional<PermissionPattern> pattern = PermissionPattern.parse(deny);
                    assertThat(pattern).as("a malformed deny leaves nothing granted").isPresent();
                    assertThat(pattern.get().matches(permission)).as("%s granted despite deny %s", permission, deny).isFalse();
                }
            }
        }
    }

    @Property
    void grantedIsExactlyTheAllowedMinusTheDenied(@ForAll("catalogs") PermissionCatalog catalog,
                                                  @ForAll("roleLists") List<Role> roles) {
        Set<String> expected = catalog.names().stream()
                .filter(name -> roles.stream().anyMatch(r -> r.allow().stream().anyMatch(p -> matches(p, name))))
                .filter(name -> roles.stream().noneMatch(r -> r.deny().stream().anyMatch(p -> denies(p, name))))
                .collect(Collectors.toCollection(TreeSet::new));

        PermissionEvaluation result = PermissionEvaluator.evaluate(catalog, roles);
        assertThat(result.granted()).containsExactlyElementsOf(expected);

        // The generators must keep producing interesting cases, or the other properties prove little.
        Statistics.label("granted").collect(result.granted().isEmpty() ? "none" : "some");
        Statistics.label("withheld").collect(result.withheld().isEmpty() ? "none" : "some");
        Statistics.label("granted").coverage(c -> c.check("some").percentage(p -> p > 30));
        Statistics.label("withheld").coverage(c -> c.check("some").percentage(p -> p > 15));
    }

    @Property
    void grantedIsSortedDistinctAndInTheCatalog(@ForAll("catalogs") PermissionCatalog catalog,
                                                @ForAll("roleLists") List<Role> roles) {
        List<String> granted = PermissionEvaluator.evaluate(catalog, roles).granted();

        assertThat(granted).isSorted().doesNotHaveDuplicates();
        assertThat(catalog.names()).containsAll(granted);
    }

    @Property
    void addingARoleNeverAddsAPermissionAnotherRoleDenies(@ForAll("catalogs") PermissionCatalog catalog,
                                                          @ForAll("roleLists") List<Role> roles,
                                                          @ForAll("roles") Role added) {
        Set<String> deniedBefore = PermissionEvaluator.evaluate(catalog, roles).deniedBy().keySet();
        List<Role> more = new ArrayList<>(roles);
        more.add(added);

        assertThat(PermissionEvaluator.evaluate(catalog, more).granted()).filteredOn(deniedBefore::contains).isEmpty();
    }

    @Property
    void removingADenyNeverRemovesAPermission(@ForAll("catalogs") PermissionCatalog catalog,
                                              @ForAll("roleLists") List<Role> roles) {
        List<String> before = PermissionEvaluator.evaluate(catalog, roles).granted();

        for (int r = 0; r < roles.size(); r++) {
            for (int d = 0; d < roles.get(r).deny().size(); d++) {
                List<Role> fewer = new ArrayList<>(roles);
                Role role = roles.get(r);
                List<String> deny = new ArrayList<>(role.deny());
                String removed = deny.remove(d);
                fewer.set(r, new Role(role.name(), role.allow(), deny));

                assertThat(PermissionEvaluator.evaluate(catalog, fewer).granted())
                        .as("without deny %s of role %s", removed, role.name())
                        .containsAll(before);
            }
        }
    }

    @Property
    void addingAnAllowNeverRemovesAPermission(@ForAll("catalogs") PermissionCatalog catalog,
                                              @ForAll("roleLists") List<Role> roles,
                                              @ForAll("patterns") String allow,
                                              @ForAll int at) {
        Assume.that(!roles.isEmpty());
        int r = Math.floorMod(at, roles.size());
        Role role = roles.get(r);
        List<String> allows = new ArrayList<>(role.allow());
        allows.add(allow);
        List<Role> more = new ArrayList<>(roles);
        more.set(r, new Role(role.name(), allows, role.deny()));

        assertThat(PermissionEvaluator.evaluate(catalog, more).granted())
                .containsAll(PermissionEvaluator.evaluate(catalog, roles).granted());
    }

    @Property
    void theOrderOfRolesDoesNotMatter(@ForAll("catalogs") PermissionCatalog catalog,
                                      @ForAll("roleLists") List<Role> roles,
                                      @ForAll long seed) {
        List<Role> shuffled = new ArrayList<>(roles);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(PermissionEvaluator.evaluate(catalog, shuffled)).isEqualTo(PermissionEvaluator.evaluate(catalog, roles));
    }

    @Property
    void anUnknownNameIsReportedAndNeverGranted(@ForAll("catalogs") PermissionCatalog catalog,
                                                @ForAll("roleLists") List<Role> roles,
                                                @ForAll("names") String unknown) {
        Assume.that(!catalog.contains(unknown));
        List<Role> more = new ArrayList<>(roles);
        more.add(new Role("Typo", List.of(unknown), List.of()));

        PermissionEvaluation result = PermissionEvaluator.evaluate(catalog, more);

        assertThat(result.granted()).doesNotContain(unknown)
                .isEqualTo(PermissionEvaluator.evaluate(catalog, roles).granted());
        assertThat(result.problems()).contains(new Problem("Typo", Side.ALLOW, unknown, Kind.UNKNOWN));
    }

    @Property
    void everyBadPatternIsReported(@ForAll("catalogs") PermissionCatalog catalog, @ForAll("roleLists") List<Role> roles) {
        Set<Problem> expected = new TreeSet<>();
        for (Role role : roles) {
            role.allow().forEach(p -> problem(catalog, role, Side.ALLOW, p).ifPresent(expected::add));
            role.deny().forEach(p -> problem(catalog, role, Side.DENY, p).ifPresent(expected::add));
        }

        assertThat(PermissionEvaluator.evaluate(catalog, roles).problems()).containsExactlyElementsOf(expected);
    }

    @Property
    void theExplanationAgreesWithTheResult(@ForAll("catalogs") PermissionCatalog catalog,
                                           @ForAll("roleLists") List<Role> roles) {
        PermissionEvaluation result = PermissionEvaluator.evaluate(catalog, roles);

        assertThat(result.grantedBy().keySet()).containsExactlyElementsOf(result.granted());
        result.grantedBy().forEach((permission, granting) -> assertThat(granting).isNotEmpty().isSorted()
                .allSatisfy(name -> assertThat(roles).anyMatch(r -> r.name().equals(name)
                        && r.allow().stream().anyMatch(p -> matches(p, permission)))));
        result.deniedBy().forEach((permission, denying) -> assertThat(denying).isNotEmpty().isSorted()
                .allSatisfy(name -> assertThat(roles).anyMatch(r -> r.name().equals(name)
                        && r.deny().stream().anyMatch(p -> denies(p, permission)))));
        assertThat(result.withheld()).isSorted()
                .allSatisfy(permission -> assertThat(result.deniedBy()).containsKey(permission));
        assertThat(result.granted()).filteredOn(result.deniedBy()::containsKey).isEmpty();
    }

    // ---- an independent reading of the rules, for the checks above ----

    private static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return PermissionPattern.isWellFormedName(pattern.substring(0, pattern.length() - 2))
                    && name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(name);
    }

    private static boolean denies(String pattern, String name) {
        return PermissionPattern.parse(pattern).isEmpty() || matches(pattern, name);
    }

    private static Optional<Problem> problem(PermissionCatalog catalog, Role role, Side side, String pattern) {
        if (PermissionPattern.parse(pattern).isEmpty()) {
            return Optional.of(new Problem(role.name(), side, pattern, Kind.MALFORMED));
        }
        if (catalog.names().stream().noneMatch(name -> matches(pattern, name))) {
            return Optional.of(new Problem(role.name(), side, pattern, Kind.UNKNOWN));
        }
        return Optional.empty();
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("a", "b", "note")
                .list().ofMinSize(1).ofMaxSize(3)
                .map(segments -> String.join(".", segments));
    }

    @Provide
    Arbitrary<PermissionCatalog> catalogs() {
        return names().set().ofMinSize(1).ofMaxSize(12).map(PermissionCatalog::of);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, names()),
                Tuple.of(5, names().map(name -> name + ".*")),
                Tuple.of(1, Arbitraries.just("*")),
                Tuple.of(1, Arbitraries.of("", " ", "a*", "a.*.b", "*.a", "A.b", "a..b", "a.", ".a", "a .b", "**", "a.**")),
                Tuple.of(1, Arbitraries.strings().withChars("ab.* A").ofMaxLength(5)));
    }

    @Provide
    Arbitrary<Role> roles() {
        Arbitrary<String> wellFormed = Arbitraries.oneOf(names(), names().map(name -> name + ".*"));
        return Combinators.combine(
                Arbitraries.of("Front Desk", "Nurse", "Physician", "Biller"),
                patterns().list().ofMinSize(1).ofMaxSize(3),
                // Mostly well-formed denies: a malformed one empties the result, which tells little.
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(List.<String>of())),
                        Tuple.of(6, wellFormed.list().ofMinSize(1).ofMaxSize(2)),
                        Tuple.of(1, patterns().list().ofMinSize(1).ofMaxSize(2))))
                .as(Role::new);
    }

    @Provide
    Arbitrary<List<Role>> roleLists() {
        return roles().list().ofMinSize(1).ofMaxSize(4);
    }
}
