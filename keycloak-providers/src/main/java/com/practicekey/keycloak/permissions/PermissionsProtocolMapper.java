package com.practicekey.keycloak.permissions;

import org.keycloak.OAuth2Constants;
import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.protocol.mappers.oidc.OrganizationScope;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the active practice and what the user may do there into the access token (contract
 * section 5): {@code tenant} (the practice's alias; absent for a user of no practice),
 * {@code permissions} (sorted concrete names; empty without a practice) and
 * {@code idle_timeout_minutes} (the strictest of all the user's practices).
 * <p>
 * The practice is chosen by {@link ActivePractice} from the scope the client requested for
 * this client session ({@code organization:<alias>}, {@code organization}, ...) and the
 * practice picked on the login page. A refusal (a practice the user is not a member of, or no
 * way to choose among several) fails the token request with {@code invalid_scope}: the code
 * exchange, the direct grant and every refresh, so a removed membership ends the session's
 * tokens. Roles and memberships are read anew for every token, so a change shows up in the
 * next issued or refreshed token.
 */
public class PermissionsProtocolMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "practicekey-permissions-mapper";
    public static final String TENANT_CLAIM = "tenant";
    public static final String PERMISSIONS_CLAIM = "permissions";
    public static final String IDLE_TIMEOUT_CLAIM = "idle_timeout_minutes";

    /** {@code <scope name>:<value>}, split as Keycloak splits parameterized organization scopes. */
    private static final Pattern SCOPE_VALUE = Pattern.compile("(.*):(.*)");

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, PermissionsProtocolMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "PracticeKey practice permissions";
    }

    @Override
    public String getHelpText() {
        return "Adds the active practice ('tenant'), the user's effective permissions there ('permissions')"
                + " and the strictest idle timeout of the user's practices ('idle_timeout_minutes').";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        PracticePermissions access = new PracticePermissions(session);
        List<OrganizationModel> practices = access.practicesOf(user);
        List<String> aliases = practices.stream().map(OrganizationModel::getAlias).toList();

        ActivePractice.Outcome outcome = ActivePractice.resolve(request(session, clientSessionCtx, practices), aliases);
        List<String> permissions = List.of();
        if (outcome instanceof ActivePractice.Refused refused) {
            throw new TokenInterceptorException(OAuthErrorException.INVALID_SCOPE, refused.message());
        }
        if (outcome instanceof ActivePractice.Active active) {
            OrganizationModel practice = practices.stream()
                    .filter(p -> p.getAlias().equals(active.alias())).findFirst().orElseThrow();
            token.getOtherClaims().put(TENANT_CLAIM, practice.getAlias());
            permissions = access.evaluate(practice, user).granted();
        }
        token.getOtherClaims().put(PERMISSIONS_CLAIM, permissions);
        token.getOtherClaims().put(IDLE_TIMEOUT_CLAIM, access.idleTimeoutMinutes(practices));
    }

    /**
     * What the client asked for in this client session: the scope of its authorization (or
     * direct grant) request, and the practice the user picked on the login page, if any.
     */
    private static ActivePractice.Request request(KeycloakSession session, ClientSessionContext ctx,
                                                  List<OrganizationModel> practices) {
        String scope = ctx.getClientSession().getNote(OAuth2Constants.SCOPE);
        if (scope == null) {
            scope = ctx.getScopeString();
        }
        ActivePractice.Requested requested = ActivePractice.Requested.NONE;
        List<String> aliases = new ArrayList<>();
        for (String name : TokenManager.parseScopeParameter(scope).toList()) {
            OrganizationScope kind = name.isBlank() ? null : OrganizationScope.valueOfScope(session, name);
            if (kind == null) {
                continue;
            }
            switch (kind) {
                case SPECIFIC -> {
                    requested = ActivePractice.Requested.SPECIFIC;
                    Matcher m = SCOPE_VALUE.matcher(name);
                    aliases.add(m.matches() ? m.group(2) : name);
                }
                case ALL -> requested = requested == ActivePractice.Requested.SPECIFIC ? requested : ActivePractice.Requested.ALL;
                case ANY -> requested = requested == ActivePractice.Requested.NONE ? ActivePractice.Requested.ANY : requested;
            }
        }
        return new ActivePractice.Request(requested, aliases, picked(session, ctx, practices));
    }

    /** The alias of the practice picked on the login page for this client session, or {@code null}. */
    private static String picked(KeycloakSession session, ClientSessionContext ctx, List<OrganizationModel> practices) {
        String id = ctx.getClientSession().getNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        if (id == null) {
            return null;
        }
        for (OrganizationModel practice : practices) {
            if (practice.getId().equals(id)) {
                return practice.getAlias();
            }
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel gone = orgs == null ? null
                : AdminPermissionsSchema.runWithoutAuthorization(session, () -> orgs.getById(id));
        return gone == null ? id : gone.getAlias();
    }
}
