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

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.PastOrPresent;
import java.math.BigDecimal;

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class ObservationController {

    @Serdeable
    public record ObservationInput(@Nullable UUID encounterId,
                                   @NotNull @Pattern(regexp = "vital|lab") @NoNul String category,
                                   @NotBlank @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9.-]+") @NoNul String code,
                                   @NotBlank @Size(max = 200) @NoNul String display,
                                   @NotNull @DecimalMin("-1000000") @DecimalMax("1000000") @Digits(integer = 7, fraction = 10) BigDecimal value,
                                   @NotBlank @Size(max = 30) @NoNul String unit,
                                   @NotNull @PastOrPresent @PlausibleDate Instant observedAt) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final EncounterRepository encounters;
    private final ObservationRepository observations;

    public ObservationController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients,
                                 EncounterRepository encounters, ObservationRepository observations) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.encounters = encounters;
        this.observations = observations;
    }

    @Get("/patients/{patientId}/observations")
    @RequiresPermission("clinical.observation.read")
    public PageOf<Observation> list(UUID patientId, @Nullable @QueryValue @Pattern(regexp = "vital|lab") @NoNul String category,
                                    @Nullable @QueryValue @PlausibleDate Instant from, @Nullable @QueryValue @PlausibleDate Instant to,
                                    @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                    @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("from", from, to);
        return tx.inPractice(() -> phi.found("list", "observation", patientId, patients.findById(patientId)
                        .map(p -> PageOf.of(observations.search(patientId, category, from, to, Pageable.from(page, size))))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post("/patients/{patientId}/observations")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("clinical.observation.write")
    public Observation create(UUID patientId, @Body @Valid ObservationInput in) {
        Observation o = new Observation(UUID.randomUUID(), patientId, in.encounterId(), in.category(), in.code(),
                in.display().trim(), in.value(), in.unit().trim(), null, null, in.observedAt(), Instant.now());
        return tx.inPractice(() -> phi.found("create", "observation", o.id(), patients.findById(patientId).map(p -> {
            checkEncounter(in.encounterId(), patientId);
            return observations.save(o);
        }))).orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/observations/{id}")
    @RequiresPermission("clinical.observation.read")
    public Observation get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "observation", id, observations.findById(id)))
                .orElseThrow(() -> ApiException.notFound("observation"));
    }

    /** Corrects a recorded observation (the audit trail keeps that it was changed, and by whom). */
    @Put("/observations/{id}")
    @RequiresPermission("clinical.observation.write")
    public Observation update(UUID id, @Body @Valid ObservationInput in) {
        return tx.inPractice(() -> phi.found("update", "observation", id, observations.findById(id).map(o -> {
            checkEncounter(in.encounterId(), o.patientId());
            return observations.update(new Observation(id, o.patientId(), in.encounterId(), in.category(), in.code(),
                    in.display().trim(), in.value(), in.unit().trim(), null, null, in.observedAt(), o.createdAt()));
        }))).orElseThrow(() -> ApiException.notFound("observation"));
    }

    private void checkEncounter(UUID encounterId, UUID patientId) {
        if (encounterId != null && encounters.findById(encounterId).filter(e -> e.patientId().equals(patientId)).isEmpty()) {
            throw ApiException.badRequest("encounterId: no such encounter of this patient");
        }
    }
}
