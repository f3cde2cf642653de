package com.practicekey.stack.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens for the apps' tests, minted by the real server: a public test client with direct
 * grants whose mappers put the claims the apps read ({@code aud}, {@code tenant},
 * {@code permissions}, {@code idle_timeout_minutes}) into its access tokens. Each call to
 * {@link #client} makes a new client, so every claim set is one client.
 */
public final class AppTokens {

    private final PracticeKeyServer kc;

    public AppTokens(PracticeKeyServer kc) {
        this.kc = kc;
    }

    /** What a test client puts into its tokens; {@code null} leaves a claim out. */
    public record Claims(String audience, String tenant, List<String> permissions, Integer idleTimeoutMinutes,
                         Integer accessTokenLifespanSeconds, Map<String, String> extraJsonClaims) {
        public Claims(String audience, String tenant, List<String> permissions) {
            this(audience, tenant, permissions, null, null, Map.of());
        }

        public Claims withIdleTimeout(int minutes) {
            return new Claims(audience, tenant, permissions, minutes, accessTokenLifespanSeconds, extraJsonClaims);
        }

        public Claims withLifespan(int seconds) {
            return new Claims(audience, tenant, permissions, idleTimeoutMinutes, seconds, extraJsonClaims);
        }

        /** An extra claim with a JSON value, e.g. {@code roles} = {@code ["admin"]}. */
        public Claims withJsonClaim(String name, String json) {
            Map<String, String> extra = new LinkedHashMap<>(extraJsonClaims);
            extra.put(name, json);
            return new Claims(audience, tenant, permissions, idleTimeoutMinutes, accessTokenLifespanSeconds, extra);
        }
    }

    /** A user who is a member of a practice, and an access token of the client {@code clientId} for them. */
    public record Member(PracticeKeyServer.Tenant tenant, PracticeKeyServer.User user, String clientId, String token) {
    }

    /**
     * A new user, member of a new practice named {@code practiceName} plus a unique suffix, with an
     * access token of a new client whose tokens are for {@code audience} with {@code permissions}
     * in that practice.
     */
    public Member newMember(String practiceName, String audience, List<String> permissions) {
        PracticeKeyServer.Tenant t = kc.newTenant(practiceName + " " + PracticeKeyServer.unique("m"), Map.of());
        PracticeKeyServer.User u = kc.newUser();
        kc.addMember(t, u);
        String client = client(new Claims(audience, t.alias(), permissions));
        return new Member(t, u, client, accessToken(client, u));
    }

    /** A new public client with direct access grants and mappers for these claims; returns its clientId. */
    public String client(Claims claims) {
        String clientId = PracticeKeyServer.unique("apptest");
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("publicClient", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", true);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (claims.accessTokenLifespanSeconds() != null) {
            attributes.put("access.token.lifespan", claims.accessTokenLifespanSeconds().toString());
        }
        client.put("attributes", attributes);
        List<Map<String, Object>> mappers = new ArrayList<>();
        if (claims.audience() != null) {
            mappers.add(mapper("audience", "oidc-audience-mapper", Map.of(
                    "included.client.audience", claims.audience(),
                    "access.token.claim", "true", "id.token.claim", "false")));
        }
        if (claims.tenant() != null) {
            mappers.add(hardcoded("tenant", claims.tenant(), "String"));
        }
        if (claims.permissions() != null) {
            mappers.add(hardcoded("permissions", Http.toJson(claims.permissions()), "JSON"));
        }
        if (claims.idleTimeoutMinutes() != null) {
            mappers.add(hardcoded("idle_timeout_minutes", claims.idleTimeoutMinutes().toString(), "int"));
        }
        claims.extraJsonClaims().forEach((name, json) -> mappers.add(hardcoded(name, json, "JSON")));
        client.put("protocolMappers", mappers);
        kc.admin().create(PracticeKeyServer.REALM + "/clients", client);
        return clientId;
    }

    /** The token endpoint's answer (access, ID and refresh token) for the user through that client. */
    public JsonNode grant(String clientId, PracticeKeyServer.User user) {
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", clientId, "scope", "openid",
                "username", user.email(), "password", user.password())).expect(200).json();
    }

    public String accessToken(String clientId, PracticeKeyServer.User user) {
        return grant(clientId, user).get("access_token").asText();
    }

    /** A new access token from a refresh token: same session, same {@code auth_time}. */
    public JsonNode refresh(String clientId, String refreshToken) {
        return Http.form(kc.realmUrl("protocol/openid-connect/token"), Map.of(
                "grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken)).expect(200).json();
    }

    private static Map<String, Object> hardcoded(String claim, String value, String jsonType) {
        return mapper(claim, "oidc-hardcoded-claim-mapper", Map.of(
                "claim.name", claim, "claim.value", value, "jsonType.label", jsonType,
                "access.token.claim", "true", "id.token.claim", "false", "userinfo.token.claim", "false"));
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("protocol", "openid-connect");
        m.put("protocolMapper", type);
        m.put("config", config);
        return m;
    }
}
