package com.practicekey.billing;

import com.practicekey.apps.audit.PhiAccess;
import com.practicekey.apps.data.PracticeTransactions;
import com.practicekey.apps.security.RequiresPermission;
import com.practicekey.apps.web.ApiException;
import com.practicekey.apps.web.NoNul;
import com.practicekey.apps.web.PlausibleDate;
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

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class CoverageController {

    @Serdeable
    public record CoverageInput(@NotBlank @Size(max = 200) @NoNul String payerName, @NotBlank @Size(max = 200) @NoNul String planName,
                                @NotBlank @Size(max = 50) @Pattern(regexp = "[A-Za-z0-9-]+") @NoNul String memberId,
                                @NotNull @PlausibleDate LocalDate startDate, @Nullable @PlausibleDate LocalDate endDate) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final CoverageRepository coverage;

    public CoverageController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, CoverageRepository coverage) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.coverage = coverage;
    }

    @Get("/patients/{patientId}/coverage")
    @RequiresPermission("billing.coverage.read")
    public PageOf<Coverage> list(UUID patientId, @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                 @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        return tx.inPractice(() -> phi.found("list", "coverage", patientId, patients.findById(patientId)
                        .map(p -> PageOf.of(coverage.findByPatientId(patientId, Pageable.from(page, size))))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post("/patients/{patientId}/coverage")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("billing.coverage.write")
    public Coverage create(UUID patientId, @Body @Valid CoverageInput in) {
        Ranges.check("startDate", in.startDate(), in.endDate());
        Instant now = Instant.now();
        Coverage c = new Coverage(UUID.randomUUID(), patientId, in.payerName().trim(), in.planName().trim(), in.memberId(),
                in.startDate(), in.endDate(), now, now);
        return tx.inPractice(() -> phi.found("create", "coverage", c.id(), patients.findById(patientId).map(p -> coverage.save(c))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/coverage/{id}")
    @RequiresPermission("billing.coverage.read")
    public Coverage get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "coverage", id, coverage.findById(id)))
                .orElseThrow(() -> ApiException.notFound("coverage"));
    }

    @Put("/coverage/{id}")
    @RequiresPermission("billing.coverage.write")
    public Coverage update(UUID id, @Body @Valid CoverageInput in) {
        Ranges.check("startDate", in.startDate(), in.endDate());
        return tx.inPractice(() -> phi.found("update", "coverage", id, coverage.findById(id).map(o -> coverage.update(
                        new Coverage(id, o.patientId(), in.payerName().trim(), in.planName().trim(), in.memberId(),
                                in.startDate(), in.endDate(), o.createdAt(), Instant.now())))))
                .orElseThrow(() -> ApiException.notFound("coverage"));
    }
}
