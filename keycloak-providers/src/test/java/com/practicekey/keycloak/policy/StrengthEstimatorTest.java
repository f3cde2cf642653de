package com.practicekey.keycloak.policy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hardToGuess rejects easily guessed passwords. The README's figure ("rejects N of the N most
 * common 8+ character passwords") comes from {@link #rejects_every_common_password_of_eight_or_more_characters()}.
 */
class StrengthEstimatorTest {

    static final int REALM_BASELINE = 3;
    static StrengthEstimator estimator;

    @BeforeAll
    static void load() {
        estimator = new StrengthEstimator();
    }

    @Test
    void rejects_every_common_password_of_eight_or_more_characters() {
        List<String> common = StrengthEstimator.commonPasswordsByRank().stream()
                .filter(p -> p.length() >= 8).limit(10_000).toList();

        long rejected = common.stream().filter(p -> estimator.score(p, List.of()) < REALM_BASELINE).count();
        long byEstimateAlone = common.stream().filter(p -> estimator.estimate(p, List.of()) < REALM_BASELINE).count();

        System.out.printf("hardToGuess(%d) rejects %d of the %d most common passwords with 8+ characters"
                        + " (zxcvbn's estimate alone: %d)%n", REALM_BASELINE, rejected, common.size(), byEstimateAlone);
        assertThat(common).hasSize(10_000);
        assertThat(rejected).isEqualTo(common.size());
    }

    @Test
    void rejects_common_passwords_in_any_letter_case_and_well_known_patterns() {
        for (String p : List.of("PASSWORD123", "Password1", "Qwertyuiop", "iloveyou1", "12345678",
                "Summer2024!", "Welcome123!", "P@ssw0rd!", "abcd1234", "letmein!!")) {
            assertThat(estimator.score(p, List.of())).as(p).isLessThan(REALM_BASELINE);
        }
    }

    @Test
    void the_users_and_practices_own_words_count_against_the_password() {
        String password = "RiverbendOkafor";
        int without = estimator.score(password, List.of());
        int with = estimator.score(password, List.of("dr.okafor@riverbend.test", "Riverbend Pediatric", "Ada", "Okafor"));
        System.out.printf("%s scores %d alone and %d with the user's and practice's words%n", password, without, with);

        assertThat(without).isGreaterThanOrEqualTo(REALM_BASELINE);
        assertThat(with).isLessThan(REALM_BASELINE);
    }

    @Test
    void accepts_long_unrelated_passphrases() {
        for (String p : List.of("Violet-Canyon-Drum-73", "Tulip-Harbor-Lantern-42", "correct horse battery staple 9")) {
            assertThat(estimator.score(p, List.of())).as(p).isGreaterThanOrEqualTo(REALM_BASELINE);
        }
    }

    @Test
    void context_words_are_split_into_their_parts() {
        assertThat(StrengthEstimator.words(List.of("dr.chen@riverbend.test", "Lakeside Pediatrics")))
                .contains("dr.chen@riverbend.test", "chen", "riverbend", "test", "lakeside", "pediatrics")
                .doesNotContain("dr");
    }
}
