package com.practicekey.keycloak.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminApiRulesTest {

    private static final String T = "riverbend";
    private static final String OTHER = "oakwood";

    /** How a user relates to tenant {@link #T}, including data the contract does not expect. */
    enum Rel {
        NONE(Set.of(), Set.of()),
        MEMBER(Set.of(T), Set.of()),
        ADMIN(Set.of(T), Set.of(T)),
        OTHER_MEMBER(Set.of(OTHER), Set.of()),
        OTHER_ADMIN(Set.of(OTHER), Set.of(OTHER)),
        MEMBER_HERE_ADMIN_THERE(Set.of(T, OTHER), Set.of(OTHER)),
        /** In the admins group of T without being a member of T: grants nothing. */
        STALE_ADMINS_GROUP(Set.of(), Set.of(T));

        final Set<String> memberOf;
        final Set<String> adminOf;

        Rel(Set<String> memberOf, Set<String> adminOf) {
            this.memberOf = memberOf;
            this.adminOf = adminOf;
        }
    }

    // ---- The independent specification: a decision table ------------------------------

    enum Caller { ADMIN, SUPPORT, OTHER }

    enum TargetKind { OUTSIDE, MEMBER, TENANT_ADMIN }

    static Caller caller(boolean support, Rel rel) {
        if (rel == Rel.ADMIN) {
            return Caller.ADMIN;
        }
        return support ? Caller.SUPPORT : Caller.OTHER;
    }

    static TargetKind targetKind(Rel rel) {
        return switch (rel) {
            case ADMIN -> TargetKind.TENANT_ADMIN;
            case MEMBER, MEMBER_HERE_ADMIN_THERE -> TargetKind.MEMBER;
            case NONE, OTHER_MEMBER, OTHER_ADMIN, STALE_ADMINS_GROUP -> TargetKind.OUTSIDE;
        };
    }

    /*
     * For an existing tenant and a target other than the caller. Columns: caller ADMIN |
     * SUPPORT | OTHER; for target actions, within each the target OUTSIDE, MEMBER, TENANT_ADMIN.
     * OK allowed; NF 404 user_not_found; NA 403 not_tenant_admin; SP 403 support_not_allowed.
     * Overriding the table: unknown tenant 404 tenant_not_found; caller == target 403 self_not_allowed.
     */
    private static final Map<Action, String> TABLE = new EnumMap<>(Map.of(
            Action.VIEW_POLICY,      "OK       | SP       | NA",
            Action.EDIT_POLICY,      "OK       | SP       | NA",
            Action.LIST_USERS,       "OK       | SP       | NA",
            Action.VIEW_LOCK,        "NF OK OK | NF OK OK | NA NA NA",
            Action.LOCK,             "NF OK OK | SP SP SP | NA NA NA",
            Action.UNLOCK,           "NF OK OK | NF SP OK | NA NA NA",
            Action.SET_PASSWORD,     "NF OK OK | NF SP OK | NA NA NA",
            Action.VIEW_PERMISSIONS, "NF OK OK | SP SP SP | NA NA NA"));

    private static final Map<String, String> OUTCOMES = Map.of(
            "OK", "200",
            "NF", "404 user_not_found",
            "NA", "403 not_tenant_admin",
            "SP", "403 support_not_allowed");

    static String expected(Action action, boolean tenantExists, boolean self, Caller caller, TargetKind target) {
        if (!tenantExists) {
            return "404 tenant_not_found";
        }
        if (self) {
            return "403 self_not_allowed";
        }
        String[] callerColumns = TABLE.get(action).split("\\|");
        String[] cells = callerColumns[caller.ordinal()].trim().split(" +");
        return OUTCOMES.get(cells.length == 1 ? cells[0] : cells[target.ordinal()]);
    }

    static String outcome(Decision d) {
        return d.isAllowed() ? "200" : d.status() + " " + d.error();
    }

    @Test
    void everyCombinationMatchesTheDecisionTable() {
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (Action action : Action.values()) {
            for (boolean tenantExists : new boolean[] {true, false}) {
                for (boolean support : new boolean[] {false, true}) {
                    for (Rel actorRel : Rel.values()) {
                        Actor actor = new Actor("actor", support, actorRel.memberOf, actorRel.adminOf);
                        if (!action.takesTarget()) {
                            cases++;
                            check(mismatches, AdminApiRules.decide(actor, action, T, tenantExists),
                                    expected(action, tenantExists, false, caller(support, actorRel), null),
                                    action + " tenantExists=" + tenantExists + " support=" + support + " actor=" + actorRel);
                            continue;
                        }
                        for (Rel targetRel : Rel.values()) {
                            for (boolean self : new boolean[] {false, true}) {
                                cases++;
                                Target target = new Target(self ? "actor" : "target", targetRel.memberOf, targetRel.adminOf);
                                check(mismatches, AdminApiRules.decide(actor, action, T, tenantExists, target),
                                        expected(action, tenantExists, self, caller(support, actorRel), targetKind(targetRel)),
                                        action + " tenantExists=" + tenantExists + " support=" + support
                                                + " actor=" + actorRel + " target=" + targetRel + " self=" + self);
                            }
                        }
                    }
                }
            }
        }
        // 3 tenant-level actions x 2 x 2 x 7, and 5 target actions x 2 x 2 x 7 x 7 x 2.
        assertThat(cases).isEqualTo(3 * 2 * 2 * 7 + 5 * 2 * 2 * 7 * 7 * 2);
        assertThat(mismatches).isEmpty();
    }

    private static void check(List<String> mismatches, Decision decision, String expected, String what) {
        String actual = outcome(decision);
        if (!actual.equals(expected)) {
            mismatches.add(what + ": expected " + expected + " but was " + actual);
        }
        if (!decision.isAllowed() && (decision.message() == null || decision.message().isBlank())) {
            mismatches.add(what + ": refusal without a message");
        }
    }

    // ---- Examples: the messages name the rule ------------------------------------------

    private static final Actor RIVERBEND_ADMIN = new Actor("ra", false, Set.of(T), Set.of(T));
    private static final Actor OAKWOOD_ADMIN = new Actor("oa", false, Set.of(OTHER), Set.of(OTHER));
    private static final Actor SUPPORT = Actor.supportStaff("s");
    private static final Target RIVERBEND_MEMBER = new Target("rm", Set.of(T), Set.of());
    private static final Target RIVERBEND_ADMIN_TARGET = new Target("ra2", Set.of(T), Set.of(T));

    @Test
    void supportMayUnlockOnlyTenantAdmins() {
        Decision d = AdminApiRules.decide(SUPPORT, Action.UNLOCK, T, true, RIVERBEND_MEMBER);
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.error()).isEqualTo(Decision.SUPPORT_NOT_ALLOWED);
        assertThat(d.message()).isEqualTo("support staff may unlock only a practice's system administrators");

        assertThat(AdminApiRules.decide(SUPPORT, Action.UNLOCK, T, true, RIVERBEND_ADMIN_TARGET).isAllowed()).isTrue();
        assertThat(AdminApiRules.decide(SUPPORT, Action.SET_PASSWORD, T, true, RIVERBEND_ADMIN_TARGET).isAllowed()).isTrue();
    }

    @Test
    void adminOfAnotherPracticeIsRefusedNamingTheRule() {
        Decision d = AdminApiRules.decide(OAKWOOD_ADMIN, Action.UNLOCK, T, true, RIVERBEND_MEMBER);
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.error()).isEqualTo(Decision.NOT_TENANT_ADMIN);
        assertThat(d.message()).isEqualTo("only a system administrator of practice riverbend may unlock its members");
    }

    @Test
    void adminOfAnotherPracticeGets403AlsoForItsOwnMembersSoItCannotProbeMembership() {
        Target oakwoodMember = new Target("om", Set.of(OTHER), Set.of());
        Decision aboutNonMember = AdminApiRules.decide(OAKWOOD_ADMIN, Action.UNLOCK, T, true, oakwoodMember);
        Decision aboutMember = AdminApiRules.decide(OAKWOOD_ADMIN, Action.UNLOCK, T, true, RIVERBEND_MEMBER);
        assertThat(aboutNonMember).isEqualTo(aboutMember);
        assertThat(aboutNonMember.status()).isEqualTo(403);
    }

    @Test
    void nobodyUnlocksItself() {
        Target self = new Target("ra", Set.of(T), Set.of(T));
        Decision d = AdminApiRules.decide(RIVERBEND_ADMIN, Action.UNLOCK, T, true, self);
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.error()).isEqualTo(Decision.SELF_NOT_ALLOWED);
        assertThat(d.message()).isEqualTo("you cannot unlock your own account through this API");
    }

    @Test
    void supportMayNotLockNorEditPolicyAndTheMessageSaysSo() {
        Decision lock = AdminApiRules.decide(SUPPORT, Action.LOCK, T, true, RIVERBEND_ADMIN_TARGET);
        assertThat(lock.status()).isEqualTo(403);
        assertThat(lock.message()).isEqualTo(
                "support staff may not do this: only a system administrator of practice riverbend may lock its members");
        Decision edit = AdminApiRules.decide(SUPPORT, Action.EDIT_POLICY, T, true);
        assertThat(edit.status()).isEqualTo(403);
        assertThat(edit.message()).contains("support staff may not", "change its settings");
    }

    @Test
    void viewLockRefusalMentionsSupport() {
        Actor member = new Actor("m", false, Set.of(T), Set.of());
        Decision d = AdminApiRules.decide(member, Action.VIEW_LOCK, T, true, RIVERBEND_ADMIN_TARGET);
        assertThat(d.message()).isEqualTo(
                "only a system administrator of practice riverbend or support staff may view the lock status of its members");
    }

    @Test
    void unknownTargetUserIsNotFoundForAdminsAndSupport() {
        assertThat(outcome(AdminApiRules.decide(RIVERBEND_ADMIN, Action.LOCK, T, true, Target.unknown("nobody"))))
                .isEqualTo("404 user_not_found");
        assertThat(outcome(AdminApiRules.decide(SUPPORT, Action.VIEW_LOCK, T, true, Target.unknown("nobody"))))
                .isEqualTo("404 user_not_found");
    }

    @Test
    void unknownTenantIsNotFoundForEveryone() {
        for (Actor actor : List.of(RIVERBEND_ADMIN, OAKWOOD_ADMIN, SUPPORT)) {
            assertThat(outcome(AdminApiRules.decide(actor, Action.VIEW_POLICY, "nowhere", false)))
                    .isEqualTo("404 tenant_not_found");
        }
    }

    @Test
    void supportUserWhoIsAlsoTenantAdminKeepsTheAdminRights() {
        Actor supportAndAdmin = new Actor("sa", true, Set.of(T), Set.of(T));
        assertThat(AdminApiRules.decide(supportAndAdmin, Action.LOCK, T, true, RIVERBEND_MEMBER).isAllowed()).isTrue();
        assertThat(AdminApiRules.decide(supportAndAdmin, Action.UNLOCK, T, true, RIVERBEND_MEMBER).isAllowed()).isTrue();
        assertThat(AdminApiRules.decide(supportAndAdmin, Action.EDIT_POLICY, T, true).isAllowed()).isTrue();
    }

    @Test
    void targetMustBeGivenExactlyForTargetActions() {
        assertThatThrownBy(() -> AdminApiRules.decide(RIVERBEND_ADMIN, Action.UNLOCK, T, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminApiRules.decide(RIVERBEND_ADMIN, Action.VIEW_POLICY, T, true, RIVERBEND_MEMBER))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
