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
@MappedEntity("patient")
public record Patient(@Id UUID id, String familyName, String givenName, LocalDate birthDate, Instant createdAt, Instant updatedAt) {
}
