package com.practicekey.keycloak.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AdminApiRulesPropertyTest {

    private static final Set<String> TENANTS = Set.of("riverbend", "oakwood", "elm");
    private static final Set<Action> ADMIN_OR_SUPPORT_FOR_TENANT_ADMINS = Set.of(Action.UNLOCK, Action.SET_PASSWORD);

    record Case(Actor actor, Action action, String tenant, boolean tenantExists, Target target) {
        Decision decide() {
            return AdminApiRules.decide(actor, action, tenant, tenantExists, target);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(actors(), Arbitraries.of(Action.class), Arbitraries.of(TENANTS),
                        Arbitraries.of(true, false), targets())
                .as((actor, action, tenant, exists, target) ->
                        new Case(actor, action, tenant, exists, action.takesTarget() ? target : null));
    }

    /** Contract-conforming support staff: the realm role and no tenant at all. */
    @Provide
    Arbitrary<Case> supportCases() {
        return cases().map(c -> new Case(Actor.supportStaff(c.actor().userId()), c.action(), c.tenant(),
                c.tenantExists(), c.target()));
    }

    private static Arbitrary<String> userIds() {
        return Arbitraries.of("u1", "u2", "u3");
    }

    private static Arbitrary<Set<String>> tenantSets() {
        return Arbitraries.of(TENANTS).set();
    }

    private static Arbitrary<Actor> actors() {
        return Combinators.combine(userIds(), Arbitraries.of(true, false), tenantSets(), tenantSets())
                .as(Actor::new);
    }

    private static Arbitrary<Target> targets() {
        return Combinators.combine(userIds(), tenantSets(), tenantSets()).as(Target::new);
    }

    @Property
    void supportNeverLocksOrEditsPolicy(@ForAll("supportCases") Case c) {
        if (c.action() == Action.LOCK || c.action() == Action.EDIT_POLICY) {
            assertThat(c.decide().isAllowed()).isFalse();
        }
    }

    @Property
    void nobodyActsOnThemselves(@ForAll("cases") Case c) {
        if (c.target() != null && c.target().userId().equals(c.actor().userId())) {
            assertThat(c.decide().isAllowed()).isFalse();
            assertThat(c.decide().status()).isIn(403, 404);
        }
    }

    @Property
    void allowedUnlockOrPasswordNeedsTenantAdminOrSupportForATenantAdmin(@ForAll("cases") Case c) {
        if (ADMIN_OR_SUPPORT_FOR_TENANT_ADMINS.contains(c.action()) && c.decide().isAllowed()) {
            String t = c.tenant();
            boolean actorAdmin = c.actor().memberOf().contains(t) && c.actor().adminOf().contains(t);
            boolean targetMember = c.target().memberOf().contains(t);
            boolean targetAdmin = targetMember && c.target().adminOf().contains(t);
            assertThat((actorAdmin && targetMember) || (c.actor().support() && targetAdmin)).isTrue();
        }
    }

    @Property
    void everythingAllowedNeedsAnExistingTenantAndARightThere(@ForAll("cases") Case c) {
        if (c.decide().isAllowed()) {
            assertThat(c.tenantExists()).isTrue();
            assertThat(c.actor().isAdminOf(c.tenant()) || c.actor().support()).isTrue();
            if (c.target() != null) {
                assertThat(c.target().isMemberOf(c.tenant())).isTrue();
            }
        }
    }

    @Property
    void refusalsCarryStatusCodeAndMessage(@ForAll("cases") Case c) {
        Decision d = c.decide();
        if (!d.isAllowed()) {
            assertThat(d.status()).isIn(403, 404);
            assertThat(d.error()).isNotBlank();
            assertThat(d.message()).isNotBlank();
        }
    }

    /** Without a right in the tenant, the answer is the same whoever the target is. */
    @Property
    void callerWithoutRightsCannotProbeMembership(@ForAll("cases") Case c) {
        boolean noRights = !c.actor().isAdminOf(c.tenant()) && !c.actor().support();
        if (noRights && c.target() != null) {
            Target stranger = Target.unknown(c.target().userId());
            assertThat(c.decide()).isEqualTo(
                    AdminApiRules.decide(c.actor(), c.action(), c.tenant(), c.tenantExists(), stranger));
            assertThat(c.decide().error()).isNotEqualTo(Decision.USER_NOT_FOUND);
        }
    }
}
