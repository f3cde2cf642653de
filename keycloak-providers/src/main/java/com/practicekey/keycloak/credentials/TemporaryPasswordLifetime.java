package com.practicekey.keycloak.credentials;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * How long a password set by someone other than the user stays usable (issue 5, item 5): the
 * realm attribute {@value #ATTRIBUTE}, a positive number of hours (decimals allowed, e.g.
 * {@code 0.5}), default {@value #DEFAULT_HOURS}. Pure: no Keycloak types.
 */
public record TemporaryPasswordLifetime(Duration lifetime, Optional<String> problem) {

    public static final String ATTRIBUTE = "practicekey.temporaryPasswordLifetimeHours";
    public static final int DEFAULT_HOURS = 72;
    /** One year: longer than that is not "temporary". */
    static final BigDecimal MAX_HOURS = BigDecimal.valueOf(24 * 366);

    public static final TemporaryPasswordLifetime DEFAULT =
            new TemporaryPasswordLifetime(Duration.ofHours(DEFAULT_HOURS), Optional.empty());

    /**
     * Reads the attribute value. Missing or blank: the default. Malformed, zero, negative or over
     * a year: the default too, with the problem described, so a typo never makes temporary
     * passwords last longer than the documented default.
     */
    public static TemporaryPasswordLifetime parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        BigDecimal hours;
        try {
            hours = new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            return malformed(raw, "is not a number of hours");
        }
        if (hours.signum() <= 0) {
            return malformed(raw, "must be more than 0 hours");
        }
        if (hours.compareTo(MAX_HOURS) > 0) {
            return malformed(raw, "must be at most " + MAX_HOURS + " hours");
        }
        long millis = hours.multiply(BigDecimal.valueOf(3_600_000L)).longValue();
        return new TemporaryPasswordLifetime(Duration.ofMillis(Math.max(1, millis)), Optional.empty());
    }

    private static TemporaryPasswordLifetime malformed(String raw, String why) {
        return new TemporaryPasswordLifetime(DEFAULT.lifetime,
                Optional.of(ATTRIBUTE + " = \"" + raw + "\" " + why + "; the default of " + DEFAULT_HOURS + " hours applies"));
    }

    /** Whether a temporary password issued at {@code issuedAtMillis} has expired at {@code nowMillis}. */
    public boolean expired(long issuedAtMillis, long nowMillis) {
        return nowMillis - issuedAtMillis > lifetime.toMillis();
    }
}
