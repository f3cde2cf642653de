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
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Controller("/api/patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class PatientController {

    @Serdeable
    public record PatientInput(@NotBlank @Size(max = 100) @NoNul String familyName,
                               @NotBlank @Size(max = 100) @NoNul String givenName,
                               @NotNull @Past @PlausibleDate LocalDate birthDate,
                               @NotNull @Pattern(regexp = "female|male|other|unknown") @NoNul String sex) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;

    public PatientController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
    }

    /** Patients by name (any part of given or family name) and birth-date range. */
    @Get
    @RequiresPermission("clinical.patient.read")
    public PageOf<Patient> list(@Nullable @QueryValue @Size(max = 100) @NoNul String name,
                                @Nullable @QueryValue @PlausibleDate LocalDate bornFrom, @Nullable @QueryValue @PlausibleDate LocalDate bornTo,
                                @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("bornFrom", bornFrom, bornTo);
        return tx.inPractice(() -> phi.done("list", "patient", null,
                PageOf.of(patients.search(PageOf.contains(name), bornFrom, bornTo, Pageable.from(page, size)))));
    }

    @Get("/{id}")
    @RequiresPermission("clinical.patient.read")
    public Patient get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "patient", id, patients.findById(id)))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post
    @Status(HttpStatus.CREATED)
    @RequiresPermission("clinical.patient.write")
    public Patient create(@Body @Valid PatientInput in) {
        Instant now = Instant.now();
        Patient p = new Patient(UUID.randomUUID(), in.familyName().trim(), in.givenName().trim(), in.birthDate(), in.sex(), now, now);
        return tx.inPractice(() -> phi.done("create", "patient", p.id(), patients.save(p)));
    }

    @Put("/{id}")
    @RequiresPermission("clinical.patient.write")
    public Patient update(UUID id, @Body @Valid PatientInput in) {
        return tx.inPractice(() -> phi.found("update", "patient", id, patients.findById(id)
                        .map(old -> patients.update(new Patient(id, in.familyName().trim(), in.givenName().trim(),
                                in.birthDate(), in.sex(), old.createdAt(), Instant.now())))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }
}
