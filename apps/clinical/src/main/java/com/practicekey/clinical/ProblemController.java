package com.practicekey.clinical;

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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class ProblemController {

    @Serdeable
    public record ProblemInput(@NotBlank @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9.]+") @NoNul String code,
                               @NotBlank @Size(max = 500) @NoNul String description,
                               @NotNull @Pattern(regexp = "active|resolved") @NoNul String status,
                               @Nullable @PlausibleDate LocalDate onsetDate, @Nullable @PlausibleDate LocalDate resolvedDate) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final ProblemRepository problems;

    public ProblemController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, ProblemRepository problems) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.problems = problems;
    }

    /** The patient's problem list; {@code q} searches code and description, {@code from}/{@code to} the onset date. */
    @Get("/patients/{patientId}/problems")
    @RequiresPermission("clinical.problem.read")
    public PageOf<Problem> list(UUID patientId, @Nullable @QueryValue @Size(max = 100) @NoNul String q,
                                @Nullable @QueryValue @PlausibleDate LocalDate from, @Nullable @QueryValue @PlausibleDate LocalDate to,
                                @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("from", from, to);
        return tx.inPractice(() -> phi.found("list", "problem", patientId, patients.findById(patientId)
                        .map(p -> PageOf.of(problems.search(patientId, PageOf.contains(q), from, to, Pageable.from(page, size))))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post("/patients/{patientId}/problems")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("clinical.problem.write")
    public Problem create(UUID patientId, @Body @Valid ProblemInput in) {
        Ranges.check("onsetDate", in.onsetDate(), in.resolvedDate());
        Instant now = Instant.now();
        Problem pr = new Problem(UUID.randomUUID(), patientId, in.code(), in.description().trim(), in.status(),
                in.onsetDate(), in.resolvedDate(), now, now);
        return tx.inPractice(() -> phi.found("create", "problem", pr.id(), patients.findById(patientId).map(p -> problems.save(pr))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/problems/{id}")
    @RequiresPermission("clinical.problem.read")
    public Problem get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "problem", id, problems.findById(id)))
                .orElseThrow(() -> ApiException.notFound("problem"));
    }

    @Put("/problems/{id}")
    @RequiresPermission("clinical.problem.write")
    public Problem update(UUID id, @Body @Valid ProblemInput in) {
        Ranges.check("onsetDate", in.onsetDate(), in.resolvedDate());
        return tx.inPractice(() -> phi.found("update", "problem", id, problems.findById(id).map(o -> problems.update(
                        new Problem(id, o.patientId(), in.code(), in.description().trim(), in.status(), in.onsetDate(),
                                in.resolvedDate(), o.createdAt(), Instant.now())))))
                .orElseThrow(() -> ApiException.notFound("problem"));
    }
}
