package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.permissions.PermissionEvaluation.Kind;
import com.practicekey.keycloak.permissions.PermissionEvaluation.Problem;
import com.practicekey.keycloak.permissions.PermissionEvaluation.Side;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class PermissionEvaluatorTest {

    static final PermissionCatalog CATALOG = PermissionCatalog.of(List.of(
            "clinical.patient.read", "clinical.patient.write",
            "clinical.note.read", "clinical.note.write", "clinical.note.sign", "clinical.note.amend",
            "clinical.import", "clinical.audit.read",
            "billing.claim.read", "billing.claim.submit", "billing.import", "billing.audit.read"));

    static final List<String> CLINICAL_WITHOUT_NOTES = List.of(
            "clinical.audit.read", "clinical.import", "clinical.patient.read", "clinical.patient.write");

    static PermissionEvaluation evaluate(Role... roles) {
        return PermissionEvaluator.evaluate(CATALOG, List.of(roles));
    }

    static Role role(String name, List<String> allow, List<String> deny) {
        return new Role(name, allow, deny);
    }

    @Test
    void frontDeskHasClinicalButNoNotes() {
        PermissionEvaluation result = evaluate(role("Front Desk", List.of("clinical.*"), List.of("clinical.note.*")));

        assertThat(result.granted()).containsExactlyElementsOf(CLINICAL_WITHOUT_NOTES);
        assertThat(result.grantedBy()).containsOnlyKeys(CLINICAL_WITHOUT_NOTES)
                .allSatisfy((permission, roles) -> assertThat(roles).containsExactly("Front Desk"));
        assertThat(result.deniedBy()).containsExactly(
                entry("clinical.note.amend", List.of("Front Desk")),
                entry("clinical.note.read", List.of("Front Desk")),
                entry("clinical.note.sign", List.of("Front Desk")),
                entry("clinical.note.write", List.of("Front Desk")));
        assertThat(result.withheld()).containsExactly(
                "clinical.note.amend", "clinical.note.read", "clinical.note.sign", "clinical.note.write");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void frontDeskDenyAlsoBeatsAnotherRolesAllow() {
        PermissionEvaluation result = evaluate(
                role("Front Desk", List.of("clinical.*"), List.of("clinical.note.*")),
                role("Physician", List.of("clinical.note.*", "clinical.patient.read"), List.of()));

        assertThat(result.granted()).containsExactlyElementsOf(CLINICAL_WITHOUT_NOTES);
        assertThat(result.grantedBy()).contains(
                entry("clinical.patient.read", List.of("Front Desk", "Physician")),
                entry("clinical.import", List.of("Front Desk")));
        assertThat(result.withheld()).containsExactly(
                "clinical.note.amend", "clinical.note.read", "clinical.note.sign", "clinical.note.write");
    }

    @Test
    void starWithDenyGrantsEverythingElse() {
        PermissionEvaluation result = evaluate(role("Owner", List.of("*"), List.of("billing.*", "clinical.note.sign")));

        assertThat(result.granted()).containsExactly(
                "clinical.audit.read", "clinical.import", "clinical.note.amend", "clinical.note.read",
                "clinical.note.write", "clinical.patient.read", "clinical.patient.write");
        assertThat(result.deniedBy()).containsOnlyKeys(
                "billing.audit.read", "billing.claim.read", "billing.claim.submit", "billing.import", "clinical.note.sign");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void overlappingRolesUnionTheirAllowsAndListEveryGrantingRole() {
        PermissionEvaluation result = evaluate(
                role("Biller", List.of("billing.*"), List.of("billing.audit.read")),
                role("Auditor", List.of("billing.audit.read", "clinical.audit.read"), List.of()),
                role("Clerk", List.of("billing.claim.read", "clinical.patient.read"), List.of()));

        assertThat(result.granted()).containsExactly(
                "billing.claim.read", "billing.claim.submit", "billing.import", "clinical.audit.read", "clinical.patient.read");
        assertThat(result.grantedBy()).containsExactly(
                entry("billing.claim.read", List.of("Biller", "Clerk")),
                entry("billing.claim.submit", List.of("Biller")),
                entry("billing.import", List.of("Biller")),
                entry("clinical.audit.read", List.of("Auditor")),
                entry("clinical.patient.read", List.of("Clerk")));
        assertThat(result.deniedBy()).containsExactly(entry("billing.audit.read", List.of("Biller")));
        assertThat(result.withheld()).containsExactly("billing.audit.read");
    }

    @Test
    void aPermissionDeniedByTwoRolesNamesBoth() {
        PermissionEvaluation result = evaluate(
                role("A", List.of("*"), List.of("clinical.import")),
                role("B", List.of(), List.of("clinical.*")));

        assertThat(result.deniedBy()).contains(
                entry("clinical.import", List.of("A", "B")),
                entry("clinical.note.read", List.of("B")));
        assertThat(result.granted()).containsExactly(
                "billing.audit.read", "billing.claim.read", "billing.claim.submit", "billing.import");
    }

    @Test
    void deniesNothingAllowedStillListed() {
        PermissionEvaluation result = evaluate(role("Biller", List.of("billing.*"), List.of("clinical.import")));

        assertThat(result.deniedBy()).containsExactly(entry("clinical.import", List.of("Biller")));
        assertThat(result.withheld()).isEmpty();
    }

    @Test
    void unknownNamesAndPatternsAreReportedAndGrantNothing() {
        PermissionEvaluation result = evaluate(role("Nurse",
                List.of("clinical.patient.read", "clinical.vitals.write", "clinical.notes.*", "clinical.patient"),
                List.of("billing.payment.*")));

        assertThat(result.granted()).containsExactly("clinical.patient.read");
        assertThat(result.deniedBy()).isEmpty();
        assertThat(result.problems()).containsExactly(
                new Problem("Nurse", Side.ALLOW, "clinical.notes.*", Kind.UNKNOWN),
                new Problem("Nurse", Side.ALLOW, "clinical.patient", Kind.UNKNOWN),
                new Problem("Nurse", Side.ALLOW, "clinical.vitals.write", Kind.UNKNOWN),
                new Problem("Nurse", Side.DENY, "billing.payment.*", Kind.UNKNOWN));
    }

    @Test
    void malformedAllowGrantsNothingAndIsReported() {
        PermissionEvaluation result = evaluate(role("Nurse", List.of("clinical*", " clinical.import", "Clinical.note.read", "billing.import"), List.of()));

        assertThat(result.granted()).containsExactly("billing.import");
        assertThat(result.problems()).extracting(Problem::pattern, Problem::kind).containsExactly(
                tuple(" clinical.import", Kind.MALFORMED),
                tuple("Clinical.note.read", Kind.MALFORMED),
                tuple("clinical*", Kind.MALFORMED));
    }

    @Test
    void malformedDenyDeniesEverythingAndIsReported() {
        PermissionEvaluation result = evaluate(
                role("Front Desk", List.of("clinical.*"), List.of("clinical.note*")),
                role("Biller", List.of("billing.*"), List.of()));

        assertThat(result.granted()).isEmpty();
        assertThat(result.deniedBy()).hasSize(CATALOG.names().size())
                .allSatisfy((permission, roles) -> assertThat(roles).containsExactly("Front Desk"));
        Problem problem = new Problem("Front Desk", Side.DENY, "clinical.note*", Kind.MALFORMED);
        assertThat(result.problems()).containsExactly(problem);
        assertThat(problem.message())
                .isEqualTo("role 'Front Desk': deny pattern 'clinical.note*' is malformed and denies every permission until it is fixed");
    }

    @Test
    void noRolesNoPermissions() {
        PermissionEvaluation result = evaluate();

        assertThat(result.granted()).isEmpty();
        assertThat(result.grantedBy()).isEmpty();
        assertThat(result.deniedBy()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void denyInTheSameRoleAsTheAllowWins() {
        PermissionEvaluation result = evaluate(role("R", List.of("clinical.import"), List.of("clinical.import")));

        assertThat(result.granted()).isEmpty();
        assertThat(result.withheld()).containsExactly("clinical.import");
        assertThat(result.grantedBy()).isEqualTo(Map.of());
    }
}
