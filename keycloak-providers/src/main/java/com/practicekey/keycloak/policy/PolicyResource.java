package com.practicekey.keycloak.policy;

import com.practicekey.keycloak.tenancy.Action;
import com.practicekey.keycloak.tenancy.ApiCall;
import com.practicekey.keycloak.tenancy.ApiError;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The policy endpoints of PracticeKey's API (contract section 4): {@code GET /me/policy},
 * {@code GET} and {@code PUT /tenants/{tenant}/policy}. Called by {@code PracticeKeyResource}.
 */
public final class PolicyResource {

    /** The settings a PUT may carry (contract section 2). */
    static final Set<String> FIELDS = Set.of(TenantSettings.PASSWORD_POLICY, TenantSettings.LOCKOUT_MAX_FAILURES,
            TenantSettings.IDLE_TIMEOUT_MINUTES, TenantSettings.CONTACT_EMAIL);

    private final KeycloakSession session;

    public PolicyResource(KeycloakSession session) {
        this.session = session;
    }

    /** The caller's effective policy, each rule with the sources requiring it. */
    public Map<String, Object> myPolicy(ApiCall call) {
        UserModel user = call.caller();
        MergedPolicy merged = EffectivePolicies.forUser(session, call.realm(), user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user.getId());
        body.put("policy", merged.toKeycloakString());
        body.put("rules", merged.rules().stream().map(PolicyResource::rule).toList());
        merged.lockoutMaxFailures().ifPresent(s -> body.put("lockoutMaxFailures", setting(s)));
        merged.idleTimeoutMinutes().ifPresent(s -> body.put("idleTimeoutMinutes", setting(s)));
        body.put("conflicts", merged.conflicts().stream().map(Conflict::description).toList());
        return body;
    }

    /** A tenant's settings as stored, with any problems found in them. */
    public Map<String, Object> tenantPolicy(ApiCall call, String alias) {
        OrganizationModel tenant = call.authorize(Action.VIEW_POLICY, alias);
        return settingsView(tenant, tenant.getAttributes(), EffectivePolicies.historyRetention(call.realm()));
    }

    /** Validates and replaces a tenant's settings; 400 for malformed input, 409 when a member would be left unsatisfiable. */
    public Map<String, Object> replaceTenantPolicy(ApiCall call, String alias, String body) {
        OrganizationModel tenant = call.authorize(Action.EDIT_POLICY, alias);
        Map<String, List<String>> requested = parseSettings(body);
        TenantSettings settings;
        try {
            settings = TenantSettings.fromAttributesStrict(requested);
        } catch (PolicySyntaxException e) {
            throw new ApiError(400, "invalid_settings", "invalid tenant settings: " + join(e.problems()));
        }
        int retention = EffectivePolicies.historyRetention(call.realm());
        settings.passwordPolicy().get(RuleId.PASSWORD_HISTORY).filter(h -> h.intValue() > retention).ifPresent(h -> {
            throw new ApiError(400, "invalid_settings", "invalid tenant settings: " + HistoryRetention.problem(h.intValue(), retention));
        });
        refuseIfUnsatisfiable(call, tenant, settings);

        Map<String, List<String>> before = settingsOnly(tenant.getAttributes());
        Map<String, List<String>> attributes = new HashMap<>(tenant.getAttributes());
        FIELDS.forEach(attributes::remove);
        attributes.putAll(requested);
        tenant.setAttributes(attributes);
        call.audit(OperationType.UPDATE, ResourceType.ORGANIZATION, alias, null, "changed",
                Map.of("before", before, "after", requested), "organizations", tenant.getId());
        SettingsNotice notice = new SettingsNotice(tenant.getName(), SettingsNotice.diff(before, requested),
                call.caller().getUsername(), java.time.Instant.now());
        SettingsNotices.afterCommit(session, call.realm(), alias, notice, before, requested);
        // Keycloak 26.7's OrganizationAdapter.setAttributes leaves its cached attribute map stale
        // (it removes the keys being set from it), so the answer is built from what was written.
        return settingsView(tenant, attributes, retention);
    }

    private void refuseIfUnsatisfiable(ApiCall call, OrganizationModel tenant, TenantSettings settings) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        Map<String, Integer> membersByConflict = new TreeMap<>();
        Set<String> practices = new TreeSet<>();
        PolicyInput replacement = PolicyInput.tenant(tenant.getAlias(), tenant.getName(), settings);
        List<UserModel> members = org.keycloak.authorization.fgap.AdminPermissionsSchema.runWithoutAuthorization(session,
                () -> orgs.getMembersStream(tenant, (String) null, null, null, null).toList());
        for (UserModel member : members) {
            List<PolicyInput> inputs = new ArrayList<>();
            for (OrganizationModel other : call.tenants().tenantsOf(member)) {
                inputs.add(other.getId().equals(tenant.getId()) ? replacement : EffectivePolicies.tenantInput(call.realm(), other));
            }
            for (Conflict c : EffectivePolicies.merge(call.realm(), inputs).conflicts()) {
                membersByConflict.merge(c.description(), 1, Integer::sum);
                c.sources().forEach(s -> practices.add(s.displayName()));
            }
        }
        if (!membersByConflict.isEmpty()) {
            StringBuilder msg = new StringBuilder("the new policy would leave members with no possible password; nothing was changed. ");
            membersByConflict.forEach((conflict, n) -> msg.append(n).append(n == 1 ? " member: " : " members: ").append(conflict).append(". "));
            msg.append("Conflicting practices: ").append(String.join(", ", practices)).append('.');
            throw new ApiError(409, "unsatisfiable_policy", msg.toString().trim());
        }
    }

    static Map<String, List<String>> parseSettings(String body) {
        Map<?, ?> json;
        try {
            json = body == null || body.isBlank() ? null : JsonSerialization.readValue(body, Map.class);
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "the body must be a JSON object with the tenant settings");
        }
        if (json == null) {
            throw new ApiError(400, "invalid_json", "the body must be a JSON object with the tenant settings");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : json.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!FIELDS.contains(key)) {
                throw new ApiError(400, "invalid_settings", "unknown setting " + key + "; known: " + new TreeSet<>(FIELDS));
            }
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            boolean numeric = key.equals(TenantSettings.LOCKOUT_MAX_FAILURES) || key.equals(TenantSettings.IDLE_TIMEOUT_MINUTES);
            if (numeric && !(v instanceof Integer || v instanceof Long)) {
                throw new ApiError(400, "invalid_settings", key + " must be a whole number, not " + describe(v));
            }
            if (!numeric && !(v instanceof String)) {
                throw new ApiError(400, "invalid_settings", key + " must be a string, not " + describe(v));
            }
            out.put(key, List.of(String.valueOf(v)));
        }
        return out;
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static Map<String, Object> settingsView(OrganizationModel tenant, Map<String, List<String>> attrs, int retention) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant.getAlias());
        body.put("name", tenant.getName());
        TenantSettings settings = HistoryRetention.cap(TenantSettings.fromAttributes(attrs), retention);
        body.put(TenantSettings.PASSWORD_POLICY, first(attrs, TenantSettings.PASSWORD_POLICY));
        body.put(TenantSettings.LOCKOUT_MAX_FAILURES, number(attrs, TenantSettings.LOCKOUT_MAX_FAILURES));
        body.put(TenantSettings.IDLE_TIMEOUT_MINUTES, number(attrs, TenantSettings.IDLE_TIMEOUT_MINUTES));
        body.put(TenantSettings.CONTACT_EMAIL, first(attrs, TenantSettings.CONTACT_EMAIL));
        body.put("problems", settings.problems().stream().map(Problem::toString).toList());
        return body;
    }

    private static Map<String, List<String>> settingsOnly(Map<String, List<String>> attrs) {
        Map<String, List<String>> out = new TreeMap<>();
        attrs.forEach((k, v) -> {
            if (FIELDS.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String first(Map<String, List<String>> attrs, String key) {
        List<String> v = attrs.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Object number(Map<String, List<String>> attrs, String key) {
        String v = first(attrs, key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static Map<String, Object> rule(MergedRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", r.id().keycloakId());
        m.put("value", r.value());
        m.put("requirement", Requirements.describe(r));
        m.put("requiredBy", sources(r.sources()));
        return m;
    }

    private static Map<String, Object> setting(MergedSetting s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", s.value());
        m.put("requiredBy", sources(s.sources()));
        return m;
    }

    private static List<Map<String, String>> sources(List<PolicySource> sources) {
        return sources.stream().map(s -> {
            Map<String, String> m = new LinkedHashMap<>();
            boolean realm = PolicySource.REALM_ID.equals(s.id());
            m.put("type", realm ? "realm" : "tenant");
            m.put("id", s.id());
            m.put("name", s.displayName());
            return m;
        }).toList();
    }

    private static String join(List<Problem> problems) {
        return String.join("; ", problems.stream().map(Problem::toString).toList());
    }
}
