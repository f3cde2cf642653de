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

import com.practicekey.apps.security.Caller;
import java.util.List;

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class NoteController {

    @Serdeable
    public record NoteInput(@Nullable UUID encounterId, @NotBlank @Size(max = 200) @NoNul String title,
                            @NotBlank @Size(max = 20000) @NoNul String body) {
    }

    @Serdeable
    public record AmendmentInput(@NotBlank @Size(max = 20000) @NoNul String body) {
    }

    @Serdeable
    public record NoteView(Note note, List<NoteAmendment> amendments) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final EncounterRepository encounters;
    private final NoteRepository notes;
    private final NoteAmendmentRepository amendments;

    public NoteController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, EncounterRepository encounters,
                          NoteRepository notes, NoteAmendmentRepository amendments) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.encounters = encounters;
        this.notes = notes;
        this.amendments = amendments;
    }

    @Get("/patients/{patientId}/notes")
    @RequiresPermission("clinical.note.read")
    public PageOf<Note> list(UUID patientId, @Nullable @QueryValue @PlausibleDate Instant from, @Nullable @QueryValue @PlausibleDate Instant to,
                             @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                             @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("from", from, to);
        return tx.inPractice(() -> phi.found("list", "note", patientId, patients.findById(patientId)
                        .map(p -> PageOf.of(notes.search(patientId, from, to, Pageable.from(page, size))))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post("/patients/{patientId}/notes")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("clinical.note.write")
    public Note create(UUID patientId, @Body @Valid NoteInput in) {
        Instant now = Instant.now();
        Note n = new Note(UUID.randomUUID(), patientId, in.encounterId(), in.title().trim(), in.body(), "draft",
                Caller.current().subject(), null, null, now, now);
        return tx.inPractice(() -> phi.found("create", "note", n.id(), patients.findById(patientId).map(p -> {
            checkEncounter(in.encounterId(), patientId);
            return notes.save(n);
        }))).orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/notes/{id}")
    @RequiresPermission("clinical.note.read")
    public NoteView get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "note", id, notes.findById(id)
                        .map(n -> new NoteView(n, amendments.findByNoteIdOrderByCreatedAt(id)))))
                .orElseThrow(() -> ApiException.notFound("note"));
    }

    /** Edits a draft; a signed note is never edited in place (409: add an amendment). */
    @Put("/notes/{id}")
    @RequiresPermission("clinical.note.write")
    public Note update(UUID id, @Body @Valid NoteInput in) {
        return tx.inPractice(() -> phi.found("update", "note", id, notes.findById(id).map(o -> {
            if (!"draft".equals(o.status())) {
                throw ApiException.conflict("the note is signed; add an amendment instead");
            }
            checkEncounter(in.encounterId(), o.patientId());
            return notes.update(new Note(id, o.patientId(), in.encounterId(), in.title().trim(), in.body(), "draft",
                    o.author(), null, null, o.createdAt(), Instant.now()));
        }))).orElseThrow(() -> ApiException.notFound("note"));
    }

    @Post("/notes/{id}/sign")
    @RequiresPermission("clinical.note.sign")
    public Note sign(UUID id) {
        return tx.inPractice(() -> phi.found("sign", "note", id, notes.findById(id).map(o -> {
            if (!"draft".equals(o.status())) {
                throw ApiException.conflict("the note is already signed");
            }
            Instant now = Instant.now();
            return notes.update(new Note(id, o.patientId(), o.encounterId(), o.title(), o.body(), "signed",
                    o.author(), Caller.current().subject(), now, o.createdAt(), now));
        }))).orElseThrow(() -> ApiException.notFound("note"));
    }

    @Post("/notes/{id}/amendments")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("clinical.note.amend")
    public NoteAmendment amend(UUID id, @Body @Valid AmendmentInput in) {
        return tx.inPractice(() -> phi.found("amend", "note", id, notes.findById(id).map(o -> {
            if (!"signed".equals(o.status())) {
                throw ApiException.conflict("only a signed note is amended; edit the draft instead");
            }
            return amendments.save(new NoteAmendment(UUID.randomUUID(), id, in.body(), Caller.current().subject(), Instant.now()));
        }))).orElseThrow(() -> ApiException.notFound("note"));
    }

    private void checkEncounter(UUID encounterId, UUID patientId) {
        if (encounterId != null && encounters.findById(encounterId).filter(e -> e.patientId().equals(patientId)).isEmpty()) {
            throw ApiException.badRequest("encounterId: no such encounter of this patient");
        }
    }
}
