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
    void prints_validation_cost_ratios() throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "benchmark-policy.txt"), report());
    }

    static final String REALM = "length(8) and notUsername and notEmail and hardToGuess(3) and passwordHistory(24) and hashAlgorithm(argon2)";
    static final String PASSWORD = "Violet-Canyon-Drum-73";
    static final UserContext USER = new UserContext("dr.morgan@practices.test", "dr.morgan@practices.test", "Jordan", "Morgan");

    public static void main(String[] args) {
        report();
    }

    /**
     * Measures, prints and returns the table (also written to {@code target/benchmark-policy.txt}
     * by the test). Every case is warmed up before any is measured, and each of the 7 rounds
     * measures every case, so that neither the JIT nor drift in the machine's load favours one.
     */
    static String report() {
        StrengthEstimator estimator = new StrengthEstimator();
        int[] cases = {0, 1, 10, 100};
        for (int practices : cases) {
            warmUp(() -> validate(estimator, practices));
        }
        long[][] rounds = new long[cases.length][7];
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < cases.length; c++) {
                int practices = cases[c];
                rounds[c][r] = nanosPerOp(() -> validate(estimator, practices));
            }
        }
        long[] median = new long[cases.length];
        for (int c = 0; c < cases.length; c++) {
            java.util.Arrays.sort(rounds[c]);
            median[c] = rounds[c][3];
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(java.util.Locale.ROOT, "%-34s %10s %8s%n", "case", "ns/op", "ratio"));
        for (int c = 0; c < cases.length; c++) {
            String name = cases[c] == 0 ? "realm policy alone (baseline)" : "user in " + cases[c] + " practice(s)";
            out.append(String.format(java.util.Locale.ROOT, "%-34s %10d %8.2f%n", name, median[c], (double) median[c] / median[0]));
        }
        System.out.print(out);
        return out.toString();
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

    static void warmUp(java.util.function.BooleanSupplier op) {
        for (int i = 0; i < 300; i++) {
            if (!op.getAsBoolean()) {
                throw new IllegalStateException("the benchmark password must pass");
            }
        }
    }

    /** Nanoseconds per operation over 200 operations. */
    static long nanosPerOp(java.util.function.BooleanSupplier op) {
        int n = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.getAsBoolean();
        }
        return (System.nanoTime() - t0) / n;
    }
}
