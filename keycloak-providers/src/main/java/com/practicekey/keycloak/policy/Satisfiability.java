package com.practicekey.keycloak.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * Sound, best-effort detection of merged policies that no password can satisfy. A reported
 * conflict is always real (checked under Keycloak's exact character semantics); a policy with no
 * reported conflict may still be unsatisfiable in ways not analysed here. Detected:
 * <ol>
 *   <li>a minimum length above a maximum length, where the minimum comes from {@code length} or a
 *       simple regexPattern and the maximum from {@code maxLength} or a simple regexPattern
 *       (e.g. {@code length(16)} with {@code maxLength(12)}, or {@code length(10)} with
 *       {@code ^[a-z]{4,8}$});</li>
 *   <li>simple regexPatterns with no character in common while a non-empty password is required
 *       (e.g. {@code ^[0-9]+$} with {@code ^[a-z]+$});</li>
 *   <li>a required character class (digits, lowerCase, upperCase, specialChars) that the simple
 *       regexPatterns together do not allow (e.g. {@code ^[a-zA-Z]+$} with {@code digits(1)});</li>
 *   <li>character-class counts that need more characters than the maximum length allows. As
 *       Keycloak counts them, digits are disjoint from the other classes, lower and upper case are
 *       disjoint, but one character can be special and lower or upper case at once (e.g. U+2170
 *       SMALL ROMAN NUMERAL ONE is lower case and neither a letter nor a digit), so the characters
 *       needed are {@code digits + max(lowerCase + upperCase, specialChars)}, or the plain sum when
 *       the simple regexPatterns allow no such double-counted character; without a maximum length,
 *       against PracticeKey's limit for every password ({@link PolicyChecker#MAX_PASSWORD_LENGTH}).</li>
 * </ol>
 * "Simple" regexPatterns are those {@link CharClassPattern} analyses (one positive character class
 * with a quantifier, optionally anchored). Other patterns are not analysed; they can only make a
 * policy stricter, so leaving them out never produces a false conflict. In particular a pattern
 * such as {@code ^[^0-9]+$} is <em>not</em> a conflict with {@code digits(1)}: Keycloak counts any
 * Unicode digit (e.g. U+0663), which that pattern allows.
 */
public final class Satisfiability {

    private Satisfiability() {
    }

    private record Bound(int value, MergedRule rule, boolean fromPattern) {
    }

    private record Analysed(MergedRule rule, CharClassPattern pattern) {
    }

    public static List<Conflict> conflicts(MergedPolicy policy) {
        List<Conflict> conflicts = new ArrayList<>();
        List<Analysed> patterns = policy.rules(RuleId.REGEX_PATTERN).stream()
                .flatMap(r -> CharClassPattern.analyse(r.value()).map(p -> new Analysed(r, p)).stream())
                .toList();

        Optional<Bound> lower = policy.rule(RuleId.LENGTH).map(r -> new Bound(r.intValue(), r, false));
        Optional<Bound> upper = policy.rule(RuleId.MAX_LENGTH).map(r -> new Bound(r.intValue(), r, false));
        for (Analysed a : patterns) {
            if (a.pattern().minLength() > lower.map(Bound::value).orElse(0)) {
                lower = Optional.of(new Bound(a.pattern().minLength(), a.rule(), true));
            }
            if (a.pattern().maxLength() < upper.map(Bound::value).orElse(CharClassPattern.UNBOUNDED)) {
                upper = Optional.of(new Bound(a.pattern().maxLength(), a.rule(), true));
            }
        }
        int minLength = lower.map(Bound::value).orElse(0);
        int maxLength = upper.map(Bound::value).orElse(CharClassPattern.UNBOUNDED);
        if (minLength > maxLength) {
            Bound lo = lower.orElseThrow();
            Bound hi = upper.orElseThrow();
            String reason = lo.fromPattern() || hi.fromPattern()
                    ? ": at least " + characters(minLength) + " against at most " + maxLength : "";
            conflicts.add(conflict(List.of(lo.rule()), List.of(hi.rule()), reason));
        }

        BitSet allowed = null;
        for (Analysed a : patterns) {
            if (allowed == null) {
                allowed = (BitSet) a.pattern().allowed().clone();
            } else {
                allowed.and(a.pattern().allowed());
            }
        }

        List<MergedRule> classRules = new ArrayList<>();
        int digits = required(policy, RuleId.DIGITS, classRules);
        int lowerCase = required(policy, RuleId.LOWER_CASE, classRules);
        int upperCase = required(policy, RuleId.UPPER_CASE, classRules);
        int special = required(policy, RuleId.SPECIAL_CHARS, classRules);

        if (allowed != null && allowed.isEmpty() && (minLength > 0 || !classRules.isEmpty())) {
            List<MergedRule> involved = patterns.stream().map(Analysed::rule).toList();
            conflicts.add(conflict(involved.subList(0, 1), involved.subList(1, involved.size()),
                    involved.size() > 1 ? ": no character is allowed by all of these patterns"
                            : ": it allows only the empty password"));
        } else if (allowed != null) {
            classConflict(policy, RuleId.DIGITS, Character::isDigit, "digit", patterns, allowed, conflicts);
            classConflict(policy, RuleId.LOWER_CASE, Satisfiability::isLower, "lowercase letter", patterns, allowed, conflicts);
            classConflict(policy, RuleId.UPPER_CASE, Satisfiability::isUpper, "uppercase letter", patterns, allowed, conflicts);
            classConflict(policy, RuleId.SPECIAL_CHARS, Satisfiability::isSpecial, "special character", patterns, allowed, conflicts);
        }

        BitSet overlap = allowed;
        boolean doubleCounting = overlap == null
                || overlap.stream().anyMatch(c -> isSpecial(c) && (isLower(c) || isUpper(c)));
        long needed = (long) digits + (doubleCounting ? Math.max(lowerCase + (long) upperCase, special)
                : (long) lowerCase + upperCase + special);
        if (needed > maxLength && classRules.size() > 0 && conflicts.isEmpty()) {
            conflicts.add(conflict(classRules, List.of(upper.orElseThrow().rule()),
                    ": together they need at least " + characters(needed)
                            + (upper.orElseThrow().fromPattern() ? " against at most " + maxLength : "")));
        } else if (needed > PolicyChecker.MAX_PASSWORD_LENGTH && classRules.size() > 0 && conflicts.isEmpty()) {
            conflicts.add(conflict(classRules, List.of(), ": together they need at least " + characters(needed)
                    + ", more than PracticeKey's limit of " + PolicyChecker.MAX_PASSWORD_LENGTH + " characters for every password"));
        }
        return conflicts;
    }

    private static int required(MergedPolicy policy, RuleId id, List<MergedRule> involved) {
        Optional<MergedRule> rule = policy.rule(id).filter(r -> r.intValue() > 0);
        rule.ifPresent(involved::add);
        return rule.map(MergedRule::intValue).orElse(0);
    }

    private static void classConflict(MergedPolicy policy, RuleId id, IntPredicate member, String name,
                                      List<Analysed> patterns, BitSet allowed, List<Conflict> conflicts) {
        Optional<MergedRule> rule = policy.rule(id).filter(r -> r.intValue() > 0);
        if (rule.isEmpty() || allowed.stream().anyMatch(member)) {
            return;
        }
        List<MergedRule> lacking = patterns.stream()
                .filter(a -> a.pattern().allowed().stream().noneMatch(member))
                .map(Analysed::rule).toList();
        List<MergedRule> involved = lacking.isEmpty() ? patterns.stream().map(Analysed::rule).toList()
                : lacking.subList(0, 1);
        conflicts.add(conflict(List.of(rule.get()), involved,
                involved.size() == 1 ? ": the pattern allows no " + name
                        : ": together the patterns allow no " + name));
    }

    private static Conflict conflict(List<MergedRule> left, List<MergedRule> right, String reason) {
        String lhs = left.stream().map(MergedRule::describe).collect(Collectors.joining(" and "));
        String rhs = right.stream().map(MergedRule::describe).collect(Collectors.joining(" and "));
        String text = right.isEmpty() ? lhs + " cannot be satisfied" + reason
                : lhs + (left.size() > 1 ? " conflict with " : " conflicts with ") + rhs + reason;
        List<MergedRule> all = new ArrayList<>(left);
        all.addAll(right);
        return new Conflict(text, all);
    }

    private static String characters(long n) {
        return n + (n == 1 ? " character" : " characters");
    }

    static boolean isLower(int c) {
        return Character.isLowerCase((char) c);
    }

    static boolean isUpper(int c) {
        return Character.isUpperCase((char) c);
    }

    static boolean isSpecial(int c) {
        return !Character.isLetterOrDigit((char) c);
    }
}
