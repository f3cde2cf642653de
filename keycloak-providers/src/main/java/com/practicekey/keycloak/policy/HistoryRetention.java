package com.practicekey.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Password history: Keycloak keeps old password hashes only as far as the realm policy's own
 * {@code passwordHistory(n)} says, whatever a tenant requires. PracticeKey therefore reads the
 * realm's {@code passwordHistory} as the <em>retention</em> (how many passwords are kept, the
 * largest value any tenant may require) and not as a requirement; the realm's own requirement,
 * if any, is given separately (realm attribute {@code practicekey.passwordHistory}). A tenant
 * value above the retention cannot be enforced: it is capped to the retention and reported.
 */
public final class HistoryRetention {

    private HistoryRetention() {
    }

    /** The realm's rules as requirements: its passwordHistory removed, the baseline requirement added if given. */
    public static PolicyRules realmRequirements(PolicyRules realm, OptionalInt baseline) {
        List<Rule> rules = new ArrayList<>();
        for (Rule r : realm.rules()) {
            if (r.id() != RuleId.PASSWORD_HISTORY) {
                rules.add(r);
            }
        }
        baseline.ifPresent(n -> rules.add(Rule.of(RuleId.PASSWORD_HISTORY, n)));
        return PolicyRules.of(rules);
    }

    /** How many passwords the realm keeps (its passwordHistory value; 0 when it has none). */
    public static int retention(PolicyRules realm) {
        return realm.get(RuleId.PASSWORD_HISTORY).map(Rule::intValue).orElse(0);
    }

    /** The tenant's settings with a passwordHistory above the retention capped to it, and that reported. */
    public static TenantSettings cap(TenantSettings settings, int retention) {
        var history = settings.passwordPolicy().get(RuleId.PASSWORD_HISTORY);
        if (history.isEmpty() || history.get().intValue() <= retention) {
            return settings;
        }
        List<Rule> rules = new ArrayList<>();
        for (Rule r : settings.passwordPolicy().rules()) {
            rules.add(r.id() == RuleId.PASSWORD_HISTORY ? Rule.of(RuleId.PASSWORD_HISTORY, retention) : r);
        }
        List<Problem> problems = new ArrayList<>(settings.problems());
        problems.add(problem(history.get().intValue(), retention));
        return new TenantSettings(PolicyRules.of(rules), settings.lockoutMaxFailures(), settings.idleTimeoutMinutes(),
                settings.contactEmail(), problems);
    }

    /** The problem a tenant value above the retention is reported as. */
    public static Problem problem(int requested, int retention) {
        return new Problem("passwordHistory(" + requested + ")", "at most " + retention
                + " is possible: PracticeKey keeps the last " + retention + " passwords (the realm policy's passwordHistory)");
    }
}
