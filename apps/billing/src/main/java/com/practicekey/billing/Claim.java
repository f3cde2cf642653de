package com.practicekey.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Serdeable
@MappedEntity("claim")
public record Claim(@Id UUID id, UUID patientId, @Nullable UUID coverageId, LocalDate serviceDate, String status, BigDecimal totalCharge, @Nullable BigDecimal paidAmount, @Nullable Instant submittedAt, @Nullable Instant decidedAt, Instant createdAt, Instant updatedAt) {
}
