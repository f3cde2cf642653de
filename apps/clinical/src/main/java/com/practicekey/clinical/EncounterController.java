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
public class EncounterController {

    @Serdeable
    public record EncounterInput(@NotNull @PlausibleDate LocalDate encounterDate,
                                 @NotNull @Pattern(regexp = "office|telehealth|home|hospital") @NoNul String kind,
                                 @NotBlank @Size(max = 500) @NoNul String reason,
                                 @Nullable @Pattern(regexp = "open|closed") @NoNul String status) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final EncounterRepository encounters;

    public EncounterController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, EncounterRepository encounters) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.encounters = encounters;
    }

    @Get("/patients/{patientId}/encounters")
    @RequiresPermission("clinical.encounter.read")
    public PageOf<Encounter> list(UUID patientId, @Nullable @QueryValue @PlausibleDate LocalDate from, @Nullable @QueryValue @PlausibleDate LocalDate to,
                                  @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                  @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("from", from, to);
        return tx.inPractice(() -> phi.found("list", "encounter", patientId, patients.findById(patientId)
                        .map(p -> PageOf.of(encounters.search(patientId, from, to, Pageable.from(page, size))))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post("/patients/{patientId}/encounters")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("clinical.encounter.write")
    public Encounter create(UUID patientId, @Body @Valid EncounterInput in) {
        Instant now = Instant.now();
        Encounter e = new Encounter(UUID.randomUUID(), patientId, in.encounterDate(), in.kind(), in.reason().trim(),
                in.status() == null ? "open" : in.status(), now, now);
        return tx.inPractice(() -> phi.found("create", "encounter", e.id(), patients.findById(patientId)
                        .map(p -> encounters.save(e))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/encounters/{id}")
    @RequiresPermission("clinical.encounter.read")
    public Encounter get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "encounter", id, encounters.findById(id)))
                .orElseThrow(() -> ApiException.notFound("encounter"));
    }

    /** Changes an open encounter; a closed one is final (409). */
    @Put("/encounters/{id}")
    @RequiresPermission("clinical.encounter.write")
    public Encounter update(UUID id, @Body @Valid EncounterInput in) {
        return tx.inPractice(() -> {
            Optional<Encounter> old = encounters.findById(id);
            if (old.isPresent() && "closed".equals(old.get().status())) {
                throw ApiException.conflict("the encounter is closed");
            }
            return phi.found("update", "encounter", id, old.map(o -> encounters.update(new Encounter(id, o.patientId(),
                    in.encounterDate(), in.kind(), in.reason().trim(), in.status() == null ? o.status() : in.status(),
                    o.createdAt(), Instant.now()))));
        }).orElseThrow(() -> ApiException.notFound("encounter"));
    }
}
