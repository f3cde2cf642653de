package com.practicekey.clinical;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

@Serdeable
@MappedEntity("note_amendment")
public record NoteAmendment(@Id UUID id, UUID noteId, String body, String author, Instant createdAt) {
}
