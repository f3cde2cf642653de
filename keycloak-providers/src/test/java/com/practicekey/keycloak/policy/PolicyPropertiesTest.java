package com.practicekey.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Properties of parse, merge, check and conflict detection over generated policies and passwords.
 * Policies are drawn from small value ranges and a pool of patterns so that generated passwords
 * often pass and often fail.
 */
class PolicyPropertiesTest {

    static final List<String> PATTERNS = List.of("^[a-z0-9]+$", "^[^ ]+$", "^[A-Za-z]+$", "^[0-9]+$", "^[a-z]+$",
            ".*[0-9].*", "^.{0,12}$", "[A-Za-z0-9!]{4,16}", "^[^0-9]*$", "\\w+", "[a-z]{2,6}", "[!_ ]*", "^(?i)[a-z]*$");
    static final String ALPHABET = "aAbB19!_ \u2170\u2160\u0663\u00e9";
    static final UserContext USER = new UserContext("ab", "ab@x.org", "Al", "By");

    // ---- generators ----

    @Provide
    Arbitrary<PolicyRules> policies() {
        List<Arbitrary<Rule>> choices = List.of(
                Arbitraries.integers().between(1, 16).map(n -> Rule.of(RuleId.LENGTH, n)),
                Arbitraries.integers().between(1, 24).map(n -> Rule.of(RuleId.MAX_LENGTH, n)),
                Arbitraries.integers().between(0, 4).map(n -> Rule.of(RuleId.DIGITS, n)),
                Arbitraries.integers().between(0, 4).map(n -> Rule.of(RuleId.LOWER_CASE, n)),
                Arbitraries.integers().between(0, 4).map(n -> Rule.of(RuleId.UPPER_CASE, n)),
                Arbitraries.integers().between(0, 4).map(n -> Rule.of(RuleId.SPECIAL_CHARS, n)),
                Arbitraries.of(RuleId.NOT_USERNAME, RuleId.NOT_EMAIL, RuleId.NOT_CONTAINS_USERNAME).map(Rule::flag),
                Arbitraries.of(PATTERNS).map(p -> new Rule(RuleId.REGEX_PATTERN, p)),
                Arbitraries.of("common.txt", "cardio.txt").map(f -> new Rule(RuleId.PASSWORD_BLACKLIST, f)),
                Arbitraries.integers().between(0, 6).map(n -> Rule.of(RuleId.PASSWORD_HISTORY, n)),
                Arbitraries.integers().between(1, 400).map(n -> Rule.of(RuleId.FORCE_EXPIRED_PASSWORD_CHANGE, n)),
                Arbitraries.integers().between(0, 600).map(n -> Rule.of(RuleId.MAX_AUTH_AGE, n)),
                Arbitraries.integers().between(0, 90).map(n -> Rule.of(RuleId.PASSWORD_AGE, n)),
                Arbitraries.integers().between(0, 4).map(n -> Rule.of(RuleId.HARD_TO_GUESS, n)),
                Arbitraries.of(-1, 1000, 27500).map(n -> Rule.of(RuleId.HASH_ITERATIONS, n)),
                Arbitraries.of("argon2", "pbkdf2-sha512").map(a -> new Rule(RuleId.HASH_ALGORITHM, a)));
        return Arbitraries.oneOf(choices).list().ofMaxSize(6).map(rules -> {
            List<Rule> kept = new ArrayList<>();
            for (Rule r : rules) {
                if (r.id().isRepeatable() || kept.stream().noneMatch(k -> k.id() == r.id())) {
                    kept.add(r);
                }
            }
            return PolicyRules.of(kept);
        });
    }

    @Provide
    Arbitrary<String> passwords() {
        Arbitrary<String> random = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(20);
        Arbitrary<String> userish = Arbitraries.of("ab", "AB", "ab@x.org", "xxABxx", "AB@X.ORG");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, random),
                net.jqwik.api.Tuple.of(1, userish),
                net.jqwik.api.Tuple.of(2, Combinators.combine(random, userish).as(String::concat)));
    }

    @Provide
    Arbitrary<List<PolicyRules>> tenantPolicies() {
        return policies().list().ofMinSize(0).ofMaxSize(4);
    }

    static PolicyInput realm(PolicyRules rules) {
        return PolicyInput.realm("PracticeKey", rules, OptionalInt.of(30), OptionalInt.of(15));
    }

    static List<PolicyInput> tenants(List<PolicyRules> policies) {
        List<PolicyInput> inputs = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            inputs.add(new PolicyInput(PolicySource.tenant("t" + i, "Tenant " + i), policies.get(i),
                    i % 3 == 2 ? OptionalInt.empty() : OptionalInt.of(5 + i % 2), OptionalInt.of(i % 2 == 0 ? 15 : 10)));
        }
        return inputs;
    }

    /** Content-rule acceptance of one input on its own. */
    static boolean accepts(PolicyInput input, String password) {
        return PolicyChecker.check(PolicyMerger.merge(List.of(input)), password, USER).passes();
    }

    // ---- merge semantics ----

    @Property(tries = 1500)
    void mergedAcceptsExactlyWhatEveryInputAccepts(@ForAll("policies") PolicyRules realm,
                                                   @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies,
                                                   @ForAll("passwords") String password) {
        List<PolicyInput> all = new ArrayList<>(List.of(realm(realm)));
        all.addAll(tenants(tenantPolicies));
        boolean merged = PolicyChecker.check(PolicyMerger.merge(all.get(0), all.subList(1, all.size())), password, USER).passes();
        boolean everyInput = all.stream().allMatch(in -> accepts(in, password));
        assertThat(merged).isEqualTo(everyInput);
    }

    @Property(tries = 500)
    void mergeIsCommutative(@ForAll("policies") PolicyRules realm, @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies,
                            @ForAll long seed) {
        List<PolicyInput> tenants = tenants(tenantPolicies);
        List<PolicyInput> shuffled = new ArrayList<>(tenants);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(PolicyMerger.merge(realm(realm), shuffled)).isEqualTo(PolicyMerger.merge(realm(realm), tenants));
    }

    @Property(tries = 500)
    void mergeIsIdempotent(@ForAll("policies") PolicyRules realm, @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies) {
        List<PolicyInput> tenants = tenants(tenantPolicies);
        MergedPolicy once = PolicyMerger.merge(realm(realm), tenants);
        List<PolicyInput> twice = new ArrayList<>(tenants);
        twice.addAll(tenants);
        assertThat(PolicyMerger.merge(realm(realm), twice)).isEqualTo(once);
        // merging the result with itself changes no rule
        PolicyInput asRealm = PolicyInput.realm("PracticeKey", once.toRules());
        PolicyInput asTenant = PolicyInput.tenant("again", "Again", once.toRules());
        assertThat(PolicyMerger.merge(asRealm, List.of(asTenant)).toRules()).isEqualTo(once.toRules());
    }

    @Property(tries = 500)
    void mergingWithAnEmptyPolicyChangesNothing(@ForAll("policies") PolicyRules realm,
                                                @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies) {
        List<PolicyInput> tenants = tenants(tenantPolicies);
        List<PolicyInput> withEmpty = new ArrayList<>(tenants);
        withEmpty.add(PolicyInput.tenant("empty", "Empty", TenantSettings.none()));
        assertThat(PolicyMerger.merge(realm(realm), withEmpty)).isEqualTo(PolicyMerger.merge(realm(realm), tenants));
    }

    @Property(tries = 800)
    void sourcesAreExactlyTheInputsRequiringTheWinningValue(@ForAll("policies") PolicyRules realm,
                                                           @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies) {
        List<PolicyInput> all = new ArrayList<>(List.of(realm(realm)));
        all.addAll(tenants(tenantPolicies));
        MergedPolicy merged = PolicyMerger.merge(all.get(0), all.subList(1, all.size()));
        for (MergedRule rule : merged.rules()) {
            for (PolicyInput input : all) {
                boolean listed = rule.sources().contains(input.source());
                boolean hasValue = input.rules().all(rule.id()).contains(rule.rule());
                if (rule.id() == RuleId.HASH_ALGORITHM || (rule.id() == RuleId.HASH_ITERATIONS && !input.source().isRealm()
                        && realm.get(RuleId.HASH_ITERATIONS).map(r -> r.intValue() <= 0).orElse(true))) {
                    assertThat(listed).isEqualTo(input.source().isRealm() && hasValue);
                } else {
                    assertThat(listed).as("%s from %s", rule, input.source()).isEqualTo(hasValue);
                }
                if (rule.id().isInteger() && rule.id() != RuleId.HASH_ITERATIONS) {
                    for (Rule r : input.rules().all(rule.id())) {
                        boolean stricter = rule.id().merge() == RuleId.Merge.LARGER ? r.intValue() > rule.intValue()
                                : r.intValue() < rule.intValue();
                        assertThat(stricter).as("%s beats merged %s", r, rule).isFalse();
                    }
                }
            }
        }
        // every input rule is represented (except the ones tenants cannot set)
        for (PolicyInput input : all) {
            for (Rule r : input.rules().rules()) {
                if (!r.id().isInteger() && r.id() != RuleId.HASH_ALGORITHM) {
                    assertThat(merged.rules(r.id())).extracting(MergedRule::rule).contains(r);
                }
            }
        }
        MergedSetting lockout = merged.lockoutMaxFailures().orElseThrow();
        assertThat(lockout.value()).isEqualTo(all.stream().mapToInt(in -> in.lockoutMaxFailures().orElse(1000)).min().orElseThrow());
        assertThat(lockout.sources()).containsExactlyElementsOf(all.stream()
                .filter(in -> in.lockoutMaxFailures().equals(OptionalInt.of(lockout.value()))).map(PolicyInput::source)
                .sorted(PolicySource.ORDER).toList());
        MergedSetting idle = merged.idleTimeoutMinutes().orElseThrow();
        assertThat(idle.sources()).containsExactlyElementsOf(all.stream()
                .filter(in -> in.idleTimeoutMinutes().equals(OptionalInt.of(idle.value()))).map(PolicyInput::source)
                .sorted(PolicySource.ORDER).toList());
    }

    // ---- conflict detection ----

    @Property(tries = 1500)
    void aPolicyAcceptingSomePasswordHasNoConflict(@ForAll("policies") PolicyRules realm,
                                                   @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies,
                                                   @ForAll("passwords") String password) {
        MergedPolicy merged = PolicyMerger.merge(realm(realm), tenants(tenantPolicies));
        if (PolicyChecker.check(merged, password, USER).passes()) {
            assertThat(merged.conflicts()).isEmpty();
        }
    }

    /** Policies built around a password it satisfies: conflict detection must never flag them. */
    @Property(tries = 1500)
    void policiesDerivedFromASatisfyingPasswordHaveNoConflict(
            @ForAll("passwords") String password, @ForAll @Size(max = 4) List<@Size(max = 10) List<Integer>> picks) {
        List<PolicyInput> inputs = new ArrayList<>();
        for (int i = 0; i < picks.size(); i++) {
            List<Rule> rules = new ArrayList<>();
            for (int pick : picks.get(i)) {
                derivedRule(Math.floorMod(pick, 13), Math.abs(pick / 13), password).ifPresent(r -> {
                    if (r.id().isRepeatable() || rules.stream().noneMatch(k -> k.id() == r.id())) {
                        rules.add(r);
                    }
                });
            }
            inputs.add(PolicyInput.tenant("t" + i, "Tenant " + i, PolicyRules.of(rules)));
        }
        MergedPolicy merged = PolicyMerger.merge(realm(PolicyRules.EMPTY), inputs);
        assertThat(PolicyChecker.check(merged, password, USER).passes()).isTrue();
        assertThat(merged.conflicts()).isEmpty();
    }

    static java.util.Optional<Rule> derivedRule(int kind, int slack, String password) {
        int len = password.length();
        return java.util.Optional.ofNullable(switch (kind) {
            case 0 -> len >= 1 ? Rule.of(RuleId.LENGTH, Math.max(1, len - slack % 3)) : null;
            case 1 -> Rule.of(RuleId.MAX_LENGTH, Math.max(1, len + slack % 3));
            case 2 -> Rule.of(RuleId.DIGITS, Math.max(0, count(password, Character::isDigit) - slack % 2));
            case 3 -> Rule.of(RuleId.LOWER_CASE, Math.max(0, count(password, Character::isLowerCase) - slack % 2));
            case 4 -> Rule.of(RuleId.UPPER_CASE, Math.max(0, count(password, Character::isUpperCase) - slack % 2));
            case 5 -> Rule.of(RuleId.SPECIAL_CHARS, Math.max(0, count(password, c -> !Character.isLetterOrDigit(c)) - slack % 2));
            case 6 -> !USER.username().equalsIgnoreCase(password) ? Rule.flag(RuleId.NOT_USERNAME) : null;
            case 7 -> !USER.email().equalsIgnoreCase(password) ? Rule.flag(RuleId.NOT_EMAIL) : null;
            case 8 -> !password.toLowerCase().contains(USER.username()) ? Rule.flag(RuleId.NOT_CONTAINS_USERNAME) : null;
            case 9, 10 -> {
                String p = PATTERNS.get(slack % PATTERNS.size());
                yield Pattern.compile(p).matcher(password).matches() ? new Rule(RuleId.REGEX_PATTERN, p) : null;
            }
            case 11 -> Rule.of(RuleId.PASSWORD_HISTORY, slack % 10);
            default -> Rule.of(RuleId.HARD_TO_GUESS, slack % 5);
        });
    }

    interface CharTest {
        boolean test(char c);
    }

    static int count(String s, CharTest t) {
        int n = 0;
        for (char c : s.toCharArray()) {
            n += t.test(c) ? 1 : 0;
        }
        return n;
    }

    // ---- syntax ----

    @Property(tries = 1000)
    void parseRenderParseRoundTrips(@ForAll("policies") PolicyRules rules) {
        String rendered = rules.toKeycloakString();
        PolicyParser.Result reparsed = PolicyParser.parseLenient(rendered);
        assertThat(reparsed.problems()).isEmpty();
        assertThat(reparsed.rules()).isEqualTo(rules);
        assertThat(reparsed.rules().toKeycloakString()).isEqualTo(rendered);
    }

    @Property(tries = 300)
    void mergedPolicyRendersToWhatItHolds(@ForAll("policies") PolicyRules realm, @ForAll("tenantPolicies") List<PolicyRules> tenantPolicies) {
        MergedPolicy merged = PolicyMerger.merge(realm(realm), tenants(tenantPolicies));
        assertThat(PolicyParser.parseStrict(merged.toKeycloakString())).isEqualTo(merged.toRules());
    }

    @Property(tries = 1000)
    void lenientParseNeverFailsAndItsRulesAreWellFormed(@ForAll("policyText") String text) {
        PolicyParser.Result result = PolicyParser.parseLenient(text);
        assertThat(PolicyParser.parseLenient(result.rules().toKeycloakString()).problems()).isEmpty();
        if (result.ok()) {
            assertThat(PolicyParser.parseStrict(text)).isEqualTo(result.rules());
        }
    }

    @Provide
    Arbitrary<String> policyText() {
        Arbitrary<String> ids = Arbitraries.of(RuleId.values()).map(RuleId::keycloakId);
        Arbitrary<String> junk = Arbitraries.strings().withChars("()x-1 9[]^$a.*".toCharArray()).ofMaxLength(6);
        Arbitrary<String> part = Combinators.combine(Arbitraries.oneOf(ids, junk), Arbitraries.oneOf(
                Arbitraries.just(""), junk.map(j -> "(" + j + ")"), Arbitraries.integers().between(-5, 2000).map(n -> "(" + n + ")"), junk))
                .as(String::concat);
        return part.list().ofMaxSize(5).map(parts -> String.join(" and ", parts));
    }
}
