package com.practicekey.clinical;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ObservationRepository extends CrudRepository<Observation, UUID> {

    String WHERE = " WHERE patient_id = :patientId"
            + " AND (CAST(:category AS text) IS NULL OR category = :category)"
            + " AND (CAST(:from AS timestamptz) IS NULL OR observed_at >= :from)"
            + " AND (CAST(:to AS timestamptz) IS NULL OR observed_at <= :to)";

    @Query(value = "SELECT * FROM observation" + WHERE + " ORDER BY observed_at DESC, id",
            countQuery = "SELECT count(*) FROM observation" + WHERE)
    Page<Observation> search(UUID patientId, @Nullable String category, @Nullable Instant from, @Nullable Instant to,
                             Pageable pageable);
}
