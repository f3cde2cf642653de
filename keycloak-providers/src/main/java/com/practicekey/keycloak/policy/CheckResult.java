package com.practicekey.keycloak.policy;

import java.util.List;

/**
 * The outcome of {@link PolicyChecker#check}: the content rules the password fails, and the rules
 * this checker cannot decide (passwordHistory, passwordAge, forceExpiredPasswordChange, maxAuthAge,
 * passwordBlacklist, hashAlgorithm, hashIterations, hardToGuess), left to the adapters.
 */
public record CheckResult(List<RuleFailure> failures, List<MergedRule> notCheckedHere) {

    public CheckResult {
        failures = List.copyOf(failures);
        notCheckedHere = List.copyOf(notCheckedHere);
    }

    /** Whether every rule checked here passes (the rules not checked here still apply). */
    public boolean passes() {
        return failures.isEmpty();
    }
}
