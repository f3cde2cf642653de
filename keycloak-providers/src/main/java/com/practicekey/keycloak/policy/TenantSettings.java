package com.practicekey.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A tenant's settings, read from its organization attributes (contract section 2):
 * {@code passwordPolicy}, {@code lockoutMaxFailures} (1..100), {@code idleTimeoutMinutes} (1..1440)
 * and {@code contactEmail}. A missing or blank attribute means "not set". Other attributes are
 * ignored.
 *
 * <p>Problems name the attribute. A {@code hashAlgorithm} in a practice's policy is a problem too: only the
 * realm's counts (see {@link RuleId.Merge#REALM_ONLY}). A malformed value never weakens anything; until it is fixed:
 * <ul>
 *   <li>{@code passwordPolicy}: the lenient parse of {@link PolicyParser#parseLenient} applies;</li>
 *   <li>{@code lockoutMaxFailures}: {@value #FALLBACK_LOCKOUT_MAX_FAILURES} failures. The smallest
 *       allowed value (1) would let anyone who knows a user's e-mail lock that user out with a single
 *       attempt (a denial of service); 5 is a conventional strict threshold, and the strictest merge
 *       still applies a smaller realm or tenant value;</li>
 *   <li>{@code idleTimeoutMinutes}: {@value #FALLBACK_IDLE_TIMEOUT_MINUTES} minute, the strictest value
 *       allowed: a too short idle lock only inconveniences, a too long one weakens the lock;</li>
 *   <li>{@code contactEmail}: no notices are sent (there is no address to trust);</li>
 *   <li>an attribute with several values: each value is checked, and the strictest applies (all
 *       policies together; the smallest number, a malformed one counting as the fallback; the
 *       first valid e-mail).</li>
 * </ul>
 */
public record TenantSettings(
        PolicyRules passwordPolicy,
        OptionalInt lockoutMaxFailures,
        OptionalInt idleTimeoutMinutes,
        Optional<String> contactEmail,
        List<Problem> problems) {

    public static final String PASSWORD_POLICY = "passwordPolicy";
    public static final String LOCKOUT_MAX_FAILURES = "lockoutMaxFailures";
    public static final String IDLE_TIMEOUT_MINUTES = "idleTimeoutMinutes";
    public static final String CONTACT_EMAIL = "contactEmail";

    public static final int FALLBACK_LOCKOUT_MAX_FAILURES = 5;
    public static final int FALLBACK_IDLE_TIMEOUT_MINUTES = 1;

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public TenantSettings {
        Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        problems = List.copyOf(problems);
    }

    /** Settings with no value set and no problems. */
    public static TenantSettings none() {
        return new TenantSettings(PolicyRules.EMPTY, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), List.of());
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Reads and validates the settings; never fails (see the class comment for malformed values). */
    public static TenantSettings fromAttributes(Map<String, List<String>> attributes) {
        List<Problem> problems = new ArrayList<>();
        List<String> policies = values(attributes, PASSWORD_POLICY, problems);
        PolicyRules policy = PolicyRules.EMPTY;
        if (!policies.isEmpty()) {
            PolicyParser.Result parsed = PolicyParser.parseLenient(String.join(" and ", policies));
            parsed.problems().forEach(p -> problems.add(new Problem(PASSWORD_POLICY, p.toString())));
            policy = parsed.rules();
            for (Rule rule : policy.all(RuleId.HASH_ALGORITHM)) {
                // Ignored by the merge (the realm's alone), so accepting it silently would mislead its author.
                problems.add(new Problem(PASSWORD_POLICY, rule.render()
                        + ": how passwords are hashed is the realm's setting for every practice; a practice cannot set it"));
            }
        }
        OptionalInt lockout = number(attributes, LOCKOUT_MAX_FAILURES, 1, 100, FALLBACK_LOCKOUT_MAX_FAILURES, problems);
        OptionalInt idle = number(attributes, IDLE_TIMEOUT_MINUTES, 1, 1440, FALLBACK_IDLE_TIMEOUT_MINUTES, problems);
        Optional<String> email = Optional.empty();
        for (String value : values(attributes, CONTACT_EMAIL, problems)) {
            if (isEmailAddress(value)) {
                email = email.or(() -> Optional.of(value.trim()));
            } else {
                problems.add(new Problem(CONTACT_EMAIL, "\"" + value + "\" is not an e-mail address"));
            }
        }
        return new TenantSettings(policy, lockout, idle, email, problems);
    }

    /**
     * Like {@link #fromAttributes} but rejects any problem (for the HTTP API's 400).
     *
     * @throws PolicySyntaxException listing every problem
     */
    public static TenantSettings fromAttributesStrict(Map<String, List<String>> attributes) {
        TenantSettings settings = fromAttributes(attributes);
        if (!settings.ok()) {
            throw new PolicySyntaxException(settings.problems());
        }
        return settings;
    }

    /** A plain address {@code local@domain.tld} of at most 254 characters, local part at most 64. */
    public static boolean isEmailAddress(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        int at = v.lastIndexOf('@');
        return v.length() <= 254 && at > 0 && at <= 64 && EMAIL.matcher(v).matches();
    }

    private static List<String> values(Map<String, List<String>> attributes, String name, List<Problem> problems) {
        List<String> given = attributes == null ? null : attributes.get(name);
        List<String> values = given == null ? List.of()
                : given.stream().filter(v -> v != null && !v.isBlank()).toList();
        if (values.size() > 1) {
            problems.add(new Problem(name, "has " + values.size() + " values; one is expected"));
        }
        return values;
    }

    private static OptionalInt number(Map<String, List<String>> attributes, String name, int min, int max,
                                      int fallback, List<Problem> problems) {
        List<String> values = values(attributes, name, problems);
        if (values.isEmpty()) {
            return OptionalInt.empty();
        }
        OptionalInt smallest = OptionalInt.empty();
        boolean malformed = false;
        for (String value : values) {
            String v = value.trim();
            Integer parsed = v.matches("-?[0-9]{1,9}") ? Integer.valueOf(v) : null;
            if (parsed == null) {
                malformed = true;
                problems.add(new Problem(name, "\"" + value + "\" is not a whole number"));
            } else if (parsed < min || parsed > max) {
                malformed = true;
                problems.add(new Problem(name, parsed + " is outside the allowed range " + min + ".." + max));
            } else if (smallest.isEmpty() || parsed < smallest.getAsInt()) {
                smallest = OptionalInt.of(parsed);
            }
        }
        // A malformed value never weakens: it counts as the fallback, and the smallest value wins.
        if (malformed) {
            return OptionalInt.of(smallest.isPresent() ? Math.min(smallest.getAsInt(), fallback) : fallback);
        }
        return smallest;
    }
}
