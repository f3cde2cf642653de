package com.practicekey.keycloak.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The strictest merge of contract section 3. Per rule ({@link RuleId.Merge}):
 * <ul>
 *   <li>minimums (length, digits, lowerCase, upperCase, specialChars, passwordHistory, passwordAge,
 *       hardToGuess): the larger value;</li>
 *   <li>maximums (maxLength, forceExpiredPasswordChange, maxAuthAge): the smaller value;</li>
 *   <li>flags (notUsername, notEmail, notContainsUsername): on when any source has it;</li>
 *   <li>regexPattern and passwordBlacklist: every distinct value applies, each with its sources;</li>
 *   <li>hashAlgorithm: only the realm's value; a tenant cannot change (and so cannot weaken) the
 *       hashing of a user who may belong to other tenants;</li>
 *   <li>hashIterations: the larger value, but only when the realm sets an explicit count; when the
 *       realm leaves it to the algorithm's default, tenants' counts are ignored, since a number such
 *       as 1000 would weaken an algorithm whose default is higher.</li>
 * </ul>
 * The sources of a merged rule are all inputs requiring exactly the winning value. Lockout
 * threshold and idle timeout merge to the smallest value with the sources setting it.
 */
public final class PolicyMerger {

    private PolicyMerger() {
    }

    /** Merges the realm's policy with the policies of the tenants a user belongs to. */
    public static MergedPolicy merge(PolicyInput realm, List<PolicyInput> tenants) {
        if (!realm.source().isRealm()) {
            throw new IllegalArgumentException("the first input must be the realm");
        }
        List<PolicyInput> all = new ArrayList<>();
        all.add(realm);
        for (PolicyInput tenant : tenants) {
            if (tenant.source().isRealm()) {
                throw new IllegalArgumentException("a tenant input has the realm's source");
            }
            all.add(tenant);
        }
        return merge(all);
    }

    /** Merges any inputs; at most one of them should be the realm. */
    public static MergedPolicy merge(List<PolicyInput> inputs) {
        List<MergedRule> merged = new ArrayList<>();
        for (RuleId id : RuleId.values()) {
            merged.addAll(mergeRule(id, inputs));
        }
        return new MergedPolicy(merged,
                smallest(inputs, PolicyInput::lockoutMaxFailures),
                smallest(inputs, PolicyInput::idleTimeoutMinutes));
    }

    private static List<MergedRule> mergeRule(RuleId id, List<PolicyInput> inputs) {
        Map<String, List<PolicySource>> byValue = new LinkedHashMap<>();
        for (PolicyInput input : inputs) {
            boolean counts = switch (id.merge()) {
                case REALM_ONLY -> input.source().isRealm();
                case LARGER_IF_REALM_SETS -> input.source().isRealm() || realmSetsPositive(id, inputs);
                default -> true;
            };
            if (counts) {
                for (Rule rule : input.rules().all(id)) {
                    byValue.computeIfAbsent(rule.value(), v -> new ArrayList<>()).add(input.source());
                }
            }
        }
        if (byValue.isEmpty()) {
            return List.of();
        }
        List<MergedRule> all = byValue.entrySet().stream()
                .map(e -> new MergedRule(id, e.getKey(), e.getValue()))
                .toList();
        return switch (id.merge()) {
            case LARGER, LARGER_IF_REALM_SETS -> List.of(all.stream().max(Comparator.comparingInt(MergedRule::intValue)).orElseThrow());
            case SMALLER -> List.of(all.stream().min(Comparator.comparingInt(MergedRule::intValue)).orElseThrow());
            case ANY_OF, ALL_OF, REALM_ONLY -> all;
        };
    }

    private static boolean realmSetsPositive(RuleId id, List<PolicyInput> inputs) {
        return inputs.stream().anyMatch(in -> in.source().isRealm()
                && in.rules().get(id).map(r -> r.intValue() > 0).orElse(false));
    }

    private static Optional<MergedSetting> smallest(List<PolicyInput> inputs, Function<PolicyInput, OptionalInt> setting) {
        OptionalInt min = inputs.stream().map(setting).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
        if (min.isEmpty()) {
            return Optional.empty();
        }
        List<PolicySource> sources = inputs.stream()
                .filter(in -> setting.apply(in).equals(min))
                .map(PolicyInput::source).toList();
        return Optional.of(new MergedSetting(min.getAsInt(), sources));
    }
}
