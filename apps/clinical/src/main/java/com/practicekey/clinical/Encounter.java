package com.practicekey.clinical;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Serdeable
@MappedEntity("encounter")
public record Encounter(@Id UUID id, UUID patientId, LocalDate encounterDate, String kind, String reason, String status,
                        Instant createdAt, Instant updatedAt) {
}
