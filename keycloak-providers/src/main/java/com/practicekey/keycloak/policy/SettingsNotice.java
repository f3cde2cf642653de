package com.practicekey.keycloak.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The notice a tenant's contact gets when the tenant's settings change (promise 8): each changed
 * setting before and after, who changed it and when. Plain Java; the mail is sent by
 * {@link SettingsNotices}.
 */
public record SettingsNotice(String tenantName, List<Change> changes, String changedBy, Instant changedAt) {

    /** One setting: its value before and after ({@code null}: not set). */
    public record Change(String setting, String before, String after) {
    }

    /** The settings of contract section 2, in the order notices list them. */
    static final List<String> SETTINGS = List.of(TenantSettings.PASSWORD_POLICY, TenantSettings.LOCKOUT_MAX_FAILURES,
            TenantSettings.IDLE_TIMEOUT_MINUTES, TenantSettings.CONTACT_EMAIL);

    /** The changed settings between two attribute maps; other attributes are ignored. */
    public static List<Change> diff(Map<String, List<String>> before, Map<String, List<String>> after) {
        List<Change> out = new ArrayList<>();
        for (String s : SETTINGS) {
            String b = value(before, s);
            String a = value(after, s);
            if (!Objects.equals(b, a)) {
                out.add(new Change(s, b, a));
            }
        }
        return out;
    }

    public String subject() {
        return "PracticeKey: security settings of " + tenantName + " changed";
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("The security settings of ").append(tenantName).append(" were changed by ").append(changedBy)
                .append(" at ").append(changedAt).append(" (UTC).\n\n");
        for (Change c : changes) {
            b.append("- ").append(c.setting()).append(": ").append(show(c.before())).append(" -> ").append(show(c.after())).append('\n');
        }
        b.append("\nIf you did not expect this change, contact your PracticeKey administrator.\n");
        return b.toString();
    }

    private static String show(String v) {
        return v == null ? "(not set)" : "\"" + v + "\"";
    }

    private static String value(Map<String, List<String>> attrs, String key) {
        List<String> v = attrs == null ? null : attrs.get(key);
        return v == null || v.isEmpty() ? null : String.join(", ", v);
    }
}
