package com.practicekey.clinical;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.LocalDate;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EncounterRepository extends CrudRepository<Encounter, UUID> {

    String WHERE = " WHERE patient_id = :patientId"
            + " AND (CAST(:from AS date) IS NULL OR encounter_date >= :from)"
            + " AND (CAST(:to AS date) IS NULL OR encounter_date <= :to)";

    @Query(value = "SELECT * FROM encounter" + WHERE + " ORDER BY encounter_date DESC, id",
            countQuery = "SELECT count(*) FROM encounter" + WHERE)
    Page<Encounter> search(UUID patientId, @Nullable LocalDate from, @Nullable LocalDate to, Pageable pageable);
}
