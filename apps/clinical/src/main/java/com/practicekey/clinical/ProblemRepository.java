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
public interface ProblemRepository extends CrudRepository<Problem, UUID> {

    String WHERE = " WHERE patient_id = :patientId"
            + " AND (CAST(:text AS text) IS NULL OR code ILIKE :text OR description ILIKE :text)"
            + " AND (CAST(:from AS date) IS NULL OR onset_date >= :from)"
            + " AND (CAST(:to AS date) IS NULL OR onset_date <= :to)";

    @Query(value = "SELECT * FROM problem" + WHERE + " ORDER BY onset_date DESC NULLS LAST, id",
            countQuery = "SELECT count(*) FROM problem" + WHERE)
    Page<Problem> search(UUID patientId, @Nullable String text, @Nullable LocalDate from, @Nullable LocalDate to, Pageable pageable);
}
