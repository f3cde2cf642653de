package com.practicekey.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClaimRepository extends CrudRepository<Claim, UUID> {

    String WHERE = " WHERE (CAST(:patientId AS uuid) IS NULL OR patient_id = :patientId)"
            + " AND (CAST(:status AS text) IS NULL OR status = :status)"
            + " AND (CAST(:from AS date) IS NULL OR service_date >= :from)"
            + " AND (CAST(:to AS date) IS NULL OR service_date <= :to)";

    @Query(value = "SELECT * FROM claim" + WHERE + " ORDER BY service_date DESC, id",
            countQuery = "SELECT count(*) FROM claim" + WHERE)
    Page<Claim> search(@Nullable UUID patientId, @Nullable String status, @Nullable LocalDate from, @Nullable LocalDate to,
                       Pageable pageable);

    /** What the patient was billed: every claim past draft (a cancelled one, from a FHIR import, charges nothing). */
    @Query("SELECT COALESCE(SUM(total_charge), 0) FROM claim WHERE patient_id = :patientId AND status NOT IN ('draft', 'cancelled')")
    BigDecimal charges(UUID patientId);
}
