package com.practicekey.clinical;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A problem-list entry (condition or diagnosis), coded e.g. in ICD-10. */
@Serdeable
@MappedEntity("problem")
public record Problem(@Id UUID id, UUID patientId, String code, String description, String status,
                      @Nullable LocalDate onsetDate, @Nullable LocalDate resolvedDate, Instant createdAt, Instant updatedAt) {
}
