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
@MappedEntity("claim_line")
public record ClaimLine(@Id UUID id, UUID claimId, int lineNo, String procedureCode, String diagnosisCode, int units, BigDecimal charge) {
}
