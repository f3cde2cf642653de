package com.practicekey.keycloak.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses Keycloak's password policy syntax, e.g.
 * {@code length(12) and digits(1) and notEmail and regexPattern(^[^ ]+$)}.
 *
 * <p>Splitting follows Keycloak's {@code PasswordPolicy.parse}: the string is split on the exact,
 * lowercase {@code " and "}; each part is trimmed; the id is the text before the first {@code (}
 * and the value everything between that {@code (} and the final {@code )} (so a regex may contain
 * parentheses, but not the text {@code " and "}). PracticeKey is stricter than Keycloak where
 * Keycloak silently misreads: a part must end with {@code )} when it has a {@code (}, numbers must
 * be in the rule's range ({@link RuleId}), a flag takes no value, and a non-repeatable rule may be
 * given only once (regexPattern and passwordBlacklist may repeat: all of them apply).
 *
 * <p>{@link #parseLenient} never fails and applies the strictest safe interpretation of each
 * malformed part (see there); {@link #parseStrict} rejects any problem (for the HTTP API's 400).
 */
public final class PolicyParser {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");
    private static final Pattern ALGORITHM_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private PolicyParser() {
    }

    /** The well-formed rules and the problems of a lenient parse. */
    public record Result(PolicyRules rules, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Parses without failing. Each problem is reported and its part interpreted as strictly as is
     * safe until it is fixed:
     * <ul>
     *   <li>a known number rule with a malformed, negative or out-of-range value applies with its
     *       Keycloak default value (e.g. {@code digits(x)} acts as {@code digits(1)}); a tenant's
     *       policy is always merged with the realm's, so this never falls below the realm policy;</li>
     *   <li>a flag written with a value applies as the flag;</li>
     *   <li>a non-repeatable rule given twice applies its strictest value (hashAlgorithm: the last,
     *       as Keycloak does);</li>
     *   <li>an invalid regexPattern, passwordBlacklist or hashAlgorithm value, or an unknown rule id,
     *       is left out: there is nothing that could be enforced in its place.</li>
     * </ul>
     */
    public static Result parseLenient(String policy) {
        List<Problem> problems = new ArrayList<>();
        Map<RuleId, Rule> single = new EnumMap<>(RuleId.class);
        List<Rule> repeated = new ArrayList<>();
        if (policy != null && !policy.isBlank()) {
            for (String raw : policy.split(" and ")) {
                String part = raw.trim();
                parsePart(part, problems).ifPresent(rule -> {
                    if (rule.id().isRepeatable()) {
                        repeated.add(rule);
                    } else {
                        Rule earlier = single.get(rule.id());
                        if (earlier != null) {
                            problems.add(new Problem(part, rule.id() + " is given more than once"));
                            rule = stricter(earlier, rule);
                        }
                        single.put(rule.id(), rule);
                    }
                });
            }
        }
        List<Rule> all = new ArrayList<>(single.values());
        all.addAll(repeated);
        return new Result(PolicyRules.of(all), problems);
    }

    /**
     * Parses and rejects any problem.
     *
     * @throws PolicySyntaxException listing every problem
     */
    public static PolicyRules parseStrict(String policy) {
        Result result = parseLenient(policy);
        if (!result.ok()) {
            throw new PolicySyntaxException(result.problems());
        }
        return result.rules();
    }

    private static Optional<Rule> parsePart(String part, List<Problem> problems) {
        String key;
        String value = null;
        int open = part.indexOf('(');
        if (open < 0) {
            key = part;
            if (part.indexOf(')') >= 0) {
                problems.add(new Problem(part, "unbalanced parentheses: \")\" without \"(\""));
                key = part.substring(0, part.indexOf(')')).trim();
            }
        } else {
            key = part.substring(0, open).trim();
            if (part.endsWith(")")) {
                value = part.substring(open + 1, part.length() - 1);
            } else {
                problems.add(new Problem(part, "unbalanced parentheses: missing the closing \")\""));
                value = part.substring(open + 1);
            }
        }
        if (key.isEmpty()) {
            problems.add(new Problem(part, "a rule name is missing"));
            return Optional.empty();
        }
        Optional<RuleId> known = RuleId.fromKeycloakId(key);
        if (known.isEmpty()) {
            problems.add(new Problem(part, "\"" + key + "\" is not a known rule"));
            return Optional.empty();
        }
        RuleId id = known.get();
        if (id.isFlag()) {
            if (value != null) {
                problems.add(new Problem(part, id + " takes no value"));
            }
            return Optional.of(Rule.flag(id));
        }
        if (id.isInteger()) {
            return Optional.of(Rule.of(id, parseNumber(id, part, value, problems)));
        }
        if (value == null || value.isBlank()) {
            problems.add(new Problem(part, id + " needs a value"));
            return Optional.empty();
        }
        String error = valueError(id, value);
        if (error != null) {
            problems.add(new Problem(part, error));
            return Optional.empty();
        }
        return Optional.of(new Rule(id, value));
    }

    private static int parseNumber(RuleId id, String part, String value, List<Problem> problems) {
        if (value == null) {
            return id.defaultValue();
        }
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            problems.add(new Problem(part, "\"" + value + "\" is not a whole number"));
            return id.defaultValue();
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException tooLong) {
            number = Long.MAX_VALUE;
        }
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE || !id.inRange((int) number)) {
            String range = id.minValue() + ".." + id.maxValue()
                    + (id == RuleId.HASH_ITERATIONS ? " (or -1 for the algorithm's default)" : "");
            problems.add(new Problem(part, value + " is outside the allowed range " + range));
            return id.defaultValue();
        }
        return (int) number;
    }

    private static String valueError(RuleId id, String value) {
        switch (id) {
            case REGEX_PATTERN:
                try {
                    Pattern.compile(value);
                    return null;
                } catch (PatternSyntaxException e) {
                    return "\"" + value + "\" is not a valid regular expression (" + e.getDescription() + ")";
                }
            case PASSWORD_BLACKLIST:
                return value.contains("/") || value.contains("\\") || value.contains("..") || !value.equals(value.trim())
                        ? "\"" + value + "\" must be a plain file name" : null;
            case HASH_ALGORITHM:
                return ALGORITHM_ID.matcher(value).matches() ? null : "\"" + value + "\" is not a hash algorithm id";
            default:
                throw new IllegalArgumentException(id.toString());
        }
    }

    private static Rule stricter(Rule a, Rule b) {
        return switch (a.id().merge()) {
            case LARGER, LARGER_IF_REALM_SETS -> a.intValue() >= b.intValue() ? a : b;
            case SMALLER -> a.intValue() <= b.intValue() ? a : b;
            default -> b;
        };
    }
}
