package com.practicekey.keycloak.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LockStatePropertyTest {

    /** The only stored values that may read as "not locked". */
    private static final Pattern UNLOCKED_FORM = Pattern.compile("v1;NONE;;;(0|[1-9][0-9]{0,9})");

    @Provide
    Arbitrary<LockState> states() {
        Arbitrary<Instant> instants = Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        Arbitrary<String> adminIds = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().withChars("%;3Bb25").ofMinLength(1).ofMaxLength(12));
        Arbitrary<Integer> counts = Arbitraries.integers().greaterOrEqual(0);
        return Arbitraries.oneOf(
                counts.map(LockState::unlocked),
                Combinators.combine(instants, counts).as(LockState::lockedByFailures),
                Combinators.combine(instants, adminIds, counts).as(LockState::lockedByAdmin),
                Arbitraries.just(LockState.unreadable()));
    }

    @Property
    void roundTrips(@ForAll("states") LockState s) {
        assertThat(LockState.decode(s.encode())).isEqualTo(s);
    }

    @Property
    void arbitraryStringsReadAsLockedUnlessExactlyAnUnlockedForm(@ForAll String stored) {
        assertReadsSafely(stored);
    }

    @Provide
    Arbitrary<String> mutatedEncodings() {
        Arbitrary<Character> chars = Arbitraries.of(';', '0', '1', '9', '-', '+', ' ', 'Z', 'T', ':', '.', 'v', '%', 'x');
        return Combinators.combine(states(), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().greaterOrEqual(0), chars)
                .as((s, edit, at, c) -> {
                    StringBuilder b = new StringBuilder(s.encode());
                    int i = at % (b.length() + 1);
                    switch (edit) {
                        case 0 -> b.insert(i, c);
                        case 1 -> { if (i < b.length()) b.deleteCharAt(i); }
                        default -> { if (i < b.length()) b.setCharAt(i, c); }
                    }
                    return b.toString();
                });
    }

    @Property
    void editedEncodingsReadAsLockedUnlessExactlyAnUnlockedForm(@ForAll("mutatedEncodings") String stored) {
        assertReadsSafely(stored);
    }

    private static void assertReadsSafely(String stored) {
        LockState s = LockState.decode(stored);
        if (!s.locked()) {
            assertThat(stored).matches(UNLOCKED_FORM);
            assertThat(Long.parseLong(stored.substring("v1;NONE;;;".length()))).isEqualTo(s.failureCount());
        }
    }
}
