package com.practicekey.clinical;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A clinical note: {@code draft} (editable) then {@code signed} (frozen; changes are amendments). */
@Serdeable
@MappedEntity("note")
public record Note(@Id UUID id, UUID patientId, @Nullable UUID encounterId, String title, String body, String status,
                   String author, @Nullable String signedBy, @Nullable Instant signedAt, Instant createdAt, Instant updatedAt) {
}
