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
@MappedEntity("coverage")
public record Coverage(@Id UUID id, UUID patientId, String payerName, @Nullable String planName, @Nullable String memberId, @Nullable LocalDate startDate, @Nullable LocalDate endDate, Instant createdAt, Instant updatedAt) {
}
