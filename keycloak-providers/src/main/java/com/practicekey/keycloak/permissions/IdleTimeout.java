package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.policy.TenantSettings;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code idle_timeout_minutes} claim: after this many minutes without a request the apps
 * lock the session (contract sections 2 and 6). A user's value is the strictest (smallest) of
 * the {@code idleTimeoutMinutes} attributes of every practice the user belongs to.
 * <ul>
 *   <li>missing (no attribute, or no values): the realm default, {@value #DEFAULT_MINUTES};</li>
 *   <li>well-formed: a decimal integer {@value #MIN_MINUTES}..{@value #MAX_MINUTES}, written
 *       literally (no sign, no spaces);</li>
 *   <li>malformed (anything else, including several values of which one is malformed, and
 *       values out of range): {@value #MIN_MINUTES} minute, the strictest value allowed. A
 *       malformed setting must never weaken the lock, and any other reading (the default, a
 *       clamp to the range) could be looser than what the practice meant. It applies until
 *       an administrator fixes the attribute; the server log names the practice.</li>
 *   <li>no practice: the realm default.</li>
 * </ul>
 */
public final class IdleTimeout {

    public static final int DEFAULT_MINUTES = 15;
    public static final int MIN_MINUTES = TenantSettings.FALLBACK_IDLE_TIMEOUT_MINUTES;
    public static final int MAX_MINUTES = 1440;

    private IdleTimeout() {
    }

    /** One practice's setting: the minutes it requires, and whether the attribute is malformed. */
    public record Setting(int minutes, boolean malformed) {
    }

    /**
     * The setting of one practice from its attribute values ({@code null} or empty: missing),
     * read by {@link TenantSettings}, the one parser of the tenant settings.
     */
    public static Setting of(List<String> values) {
        if (values == null || values.isEmpty()) {
            return new Setting(DEFAULT_MINUTES, false);
        }
        TenantSettings s = TenantSettings.fromAttributes(Map.of(TenantSettings.IDLE_TIMEOUT_MINUTES, values));
        return new Setting(s.idleTimeoutMinutes().orElse(DEFAULT_MINUTES), !s.problems().isEmpty());
    }

    /** The strictest of the settings of the user's practices; the realm default when there are none. */
    public static int strictest(Collection<Setting> settings) {
        return settings.stream().mapToInt(Setting::minutes).min().orElse(DEFAULT_MINUTES);
    }
}
