package com.practicekey.keycloak.bench;

import com.practicekey.keycloak.policy.CheckResult;
import com.practicekey.keycloak.policy.MergedPolicy;
import com.practicekey.keycloak.policy.PolicyChecker;
import com.practicekey.keycloak.policy.PolicyInput;
import com.practicekey.keycloak.policy.PolicyMerger;
import com.practicekey.keycloak.policy.PolicyParser;
import com.practicekey.keycloak.policy.StrengthEstimator;
import com.practicekey.keycloak.policy.TenantSettings;
import com.practicekey.keycloak.policy.UserContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cost of validating one password for a user in 1, 10 and 100 practices (parse every tenant's
 * settings, merge, check content rules, estimate strength), against validating the realm
 * policy alone, measured in the same run. Prints ratios; asserts nothing.
 * Run with the {@code bench} profile (see the README).
 */
class PolicyValidationBench {

    @org.junit.jupiter.api.Test
    void prints_validation_cost_ratios() {
        main(new String[0]);
    }

    static final String REALM = "length(8) and notUsername and notEmail and hardToGuess(3) and passwordHistory(24) and hashAlgorithm(argon2)";
    static final String PASSWORD = "Violet-Canyon-Drum-73";
    static final UserContext USER = new UserContext("dr.morgan@practices.test", "dr.morgan@practices.test", "Jordan", "Morgan");

    public static void main(String[] args) {
        StrengthEstimator estimator = new StrengthEstimator();
        long baseline = measure(() -> validate(estimator, 0));
        System.out.printf("%-34s %10s %8s%n", "case", "ns/op", "ratio");
        System.out.printf("%-34s %10d %8.2f%n", "realm policy alone (baseline)", baseline, 1.0);
        for (int practices : new int[] {1, 10, 100}) {
            long t = measure(() -> validate(estimator, practices));
            System.out.printf("%-34s %10d %8.2f%n", "user in " + practices + " practice(s)", t, (double) t / baseline);
        }
    }

    static boolean validate(StrengthEstimator estimator, int practices) {
        List<PolicyInput> tenants = new ArrayList<>();
        List<String> words = new ArrayList<>(USER.userInputs());
        for (int i = 0; i < practices; i++) {
            TenantSettings s = TenantSettings.fromAttributes(Map.of(
                    "passwordPolicy", List.of("length(" + (10 + i % 5) + ") and digits(1) and upperCase(1) and notEmail"),
                    "lockoutMaxFailures", List.of(String.valueOf(3 + i % 7))));
            tenants.add(PolicyInput.tenant("p" + i, "Practice " + i, s));
            words.add("Practice " + i);
        }
        MergedPolicy merged = PolicyMerger.merge(PolicyInput.realm("PracticeKey", PolicyParser.parseLenient(REALM).rules()), tenants);
        CheckResult r = PolicyChecker.check(merged, PASSWORD, USER);
        return r.passes() && merged.conflicts().isEmpty() && estimator.score(PASSWORD, words) >= 3;
    }

    /** Median ns per operation over 7 rounds, after warm-up. */
    static long measure(java.util.function.BooleanSupplier op) {
        for (int i = 0; i < 300; i++) {
            if (!op.getAsBoolean()) {
                throw new IllegalStateException("the benchmark password must pass");
            }
        }
        long[] rounds = new long[7];
        for (int r = 0; r < rounds.length; r++) {
            int n = 200;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                op.getAsBoolean();
            }
            rounds[r] = (System.nanoTime() - t0) / n;
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
