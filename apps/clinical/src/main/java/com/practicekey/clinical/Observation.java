package com.practicekey.clinical;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A vital sign or lab result (category {@code vital} or {@code lab}; imported FHIR observations may
 * have other categories), coded e.g. in LOINC. An imported one may have no numeric value: a coded
 * value ({@code valueCode} and its text in {@code valueText}), a text, components only, or nothing.
 */
@Serdeable
@MappedEntity("observation")
public record Observation(@Id UUID id, UUID patientId, @Nullable UUID encounterId, String category, String code,
                          String display, @Nullable BigDecimal value, @Nullable String unit, @Nullable String valueCode,
                          @Nullable String valueText, Instant observedAt, Instant createdAt) {
}
