package com.practicekey.billing;

import com.practicekey.apps.audit.PhiAccess;
import com.practicekey.apps.data.PracticeTransactions;
import com.practicekey.apps.security.RequiresPermission;
import com.practicekey.apps.web.ApiException;
import com.practicekey.apps.web.NoNul;
import com.practicekey.apps.web.PlausibleDate;
import com.practicekey.apps.web.WholeNumber;
import com.practicekey.apps.web.PageOf;
import com.practicekey.apps.web.Ranges;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import java.util.ArrayList;

/** Claims with lines: draft (editable) -> submitted -> paid or denied. */
@Controller("/api/claims")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class ClaimController {

    @Serdeable
    public record LineInput(@NotBlank @Pattern(regexp = "[0-9A-Z]{5}") @NoNul String procedureCode,
                            @NotBlank @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9.]+") @NoNul String diagnosisCode,
                            @WholeNumber(min = 1, max = 99) @Serdeable.Deserializable(using = WholeNumber.Deserializer.class) int units,
                            @NotNull @DecimalMin("0.01") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal charge) {
    }

    @Serdeable
    public record ClaimInput(@NotNull UUID patientId, @Nullable UUID coverageId, @NotNull @PlausibleDate LocalDate serviceDate,
                             @NotEmpty @Size(max = 50) List<@Valid @NotNull LineInput> lines) {
    }

    @Serdeable
    public record Adjudication(@NotNull @Pattern(regexp = "paid|denied") @NoNul String outcome,
                               @Nullable @DecimalMin("0") @DecimalMax("10000000") @Digits(integer = 8, fraction = 2) BigDecimal paidAmount) {
    }

    @Serdeable
    public record ClaimView(Claim claim, List<ClaimLine> lines) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final CoverageRepository coverage;
    private final ClaimRepository claims;
    private final ClaimLineRepository lines;

    public ClaimController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, CoverageRepository coverage,
                           ClaimRepository claims, ClaimLineRepository lines) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.coverage = coverage;
        this.claims = claims;
        this.lines = lines;
    }

    /** Claims by patient, status and service-date range. */
    @Get
    @RequiresPermission("billing.claim.read")
    public PageOf<Claim> list(@Nullable @QueryValue UUID patientId,
                              @Nullable @QueryValue @Pattern(regexp = "draft|submitted|paid|denied|cancelled") @NoNul String status,
                              @Nullable @QueryValue @PlausibleDate LocalDate from, @Nullable @QueryValue @PlausibleDate LocalDate to,
                              @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                              @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("from", from, to);
        return tx.inPractice(() -> phi.done("list", "claim", patientId,
                PageOf.of(claims.search(patientId, status, from, to, Pageable.from(page, size)))));
    }

    @Post
    @Status(HttpStatus.CREATED)
    @RequiresPermission("billing.claim.write")
    public ClaimView create(@Body @Valid ClaimInput in) {
        UUID id = UUID.randomUUID();
        return tx.inPractice(() -> phi.found("create", "claim", id, patients.findById(in.patientId()).map(p -> {
            checkCoverage(in.coverageId(), in.patientId());
            Instant now = Instant.now();
            Claim c = claims.save(new Claim(id, in.patientId(), in.coverageId(), in.serviceDate(), "draft", total(in.lines()),
                    null, null, null, now, now));
            return new ClaimView(c, saveLines(id, in.lines()));
        }))).orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/{id}")
    @RequiresPermission("billing.claim.read")
    public ClaimView get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "claim", id, claims.findById(id)
                        .map(c -> new ClaimView(c, lines.findByClaimIdOrderByLineNo(id)))))
                .orElseThrow(() -> ApiException.notFound("claim"));
    }

    /** Replaces a draft's coverage, date and lines; a submitted claim is never edited (409). */
    @Put("/{id}")
    @RequiresPermission("billing.claim.write")
    public ClaimView update(UUID id, @Body @Valid ClaimInput in) {
        return tx.inPractice(() -> phi.found("update", "claim", id, claims.findById(id).map(o -> {
            requireStatus(o, "draft");
            if (!o.patientId().equals(in.patientId())) {
                throw ApiException.badRequest("patientId: a claim stays with its patient");
            }
            checkCoverage(in.coverageId(), o.patientId());
            lines.deleteByClaimId(id);
            Claim c = claims.update(new Claim(id, o.patientId(), in.coverageId(), in.serviceDate(), "draft", total(in.lines()),
                    null, null, null, o.createdAt(), Instant.now()));
            return new ClaimView(c, saveLines(id, in.lines()));
        }))).orElseThrow(() -> ApiException.notFound("claim"));
    }

    @Post("/{id}/submit")
    @RequiresPermission("billing.claim.submit")
    public Claim submit(UUID id) {
        return tx.inPractice(() -> phi.found("submit", "claim", id, claims.findById(id).map(o -> {
            requireStatus(o, "draft");
            Instant now = Instant.now();
            return claims.update(new Claim(id, o.patientId(), o.coverageId(), o.serviceDate(), "submitted", o.totalCharge(),
                    null, now, null, o.createdAt(), now));
        }))).orElseThrow(() -> ApiException.notFound("claim"));
    }

    /** The payer's decision on a submitted claim: paid (with the amount, at most the charge) or denied. */
    @Post("/{id}/adjudication")
    @RequiresPermission("billing.claim.adjudicate")
    public Claim adjudicate(UUID id, @Body @Valid Adjudication in) {
        boolean paid = "paid".equals(in.outcome());
        if (paid && in.paidAmount() == null) {
            throw ApiException.badRequest("paidAmount: required when the outcome is paid");
        }
        return tx.inPractice(() -> phi.found("adjudicate", "claim", id, claims.findById(id).map(o -> {
            requireStatus(o, "submitted");
            if (paid && in.paidAmount().compareTo(o.totalCharge()) > 0) {
                throw ApiException.badRequest("paidAmount: exceeds the claim's total charge");
            }
            Instant now = Instant.now();
            return claims.update(new Claim(id, o.patientId(), o.coverageId(), o.serviceDate(), in.outcome(), o.totalCharge(),
                    paid ? in.paidAmount() : BigDecimal.ZERO, o.submittedAt(), now, o.createdAt(), now));
        }))).orElseThrow(() -> ApiException.notFound("claim"));
    }

    private static void requireStatus(Claim c, String status) {
        if (!status.equals(c.status())) {
            throw ApiException.conflict("the claim is " + c.status() + ", not " + status);
        }
    }

    private void checkCoverage(UUID coverageId, UUID patientId) {
        if (coverageId != null && coverage.findById(coverageId).filter(c -> c.patientId().equals(patientId)).isEmpty()) {
            throw ApiException.badRequest("coverageId: no such coverage of this patient");
        }
    }

    private static BigDecimal total(List<LineInput> in) {
        return in.stream().map(l -> l.charge().multiply(BigDecimal.valueOf(l.units()))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private List<ClaimLine> saveLines(UUID claimId, List<LineInput> in) {
        List<ClaimLine> saved = new ArrayList<>();
        int n = 1;
        for (LineInput l : in) {
            saved.add(lines.save(new ClaimLine(UUID.randomUUID(), claimId, n++, l.procedureCode(), l.diagnosisCode(), l.units(), l.charge())));
        }
        return saved;
    }
}
