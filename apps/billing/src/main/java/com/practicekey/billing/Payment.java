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
@MappedEntity("payment")
public record Payment(@Id UUID id, UUID patientId, @Nullable UUID claimId, String source, BigDecimal amount, LocalDate receivedOn, String reference, Instant createdAt) {
}
