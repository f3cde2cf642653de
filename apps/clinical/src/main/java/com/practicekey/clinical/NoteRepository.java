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
public interface NoteRepository extends CrudRepository<Note, UUID> {

    String WHERE = " WHERE patient_id = :patientId"
            + " AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)"
            + " AND (CAST(:to AS timestamptz) IS NULL OR created_at <= :to)";

    @Query(value = "SELECT * FROM note" + WHERE + " ORDER BY created_at DESC, id",
            countQuery = "SELECT count(*) FROM note" + WHERE)
    Page<Note> search(UUID patientId, @Nullable Instant from, @Nullable Instant to, Pageable pageable);
}
