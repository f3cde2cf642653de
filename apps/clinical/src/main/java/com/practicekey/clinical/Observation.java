package com.practicekey.clinical;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A vital sign or lab result (category {@code vital} or {@code lab}), coded e.g. in LOINC. */
@Serdeable
@MappedEntity("observation")
public record Observation(@Id UUID id, UUID patientId, @Nullable UUID encounterId, String category, String code,
                          String display, BigDecimal value, String unit, Instant observedAt, Instant createdAt) {
}
