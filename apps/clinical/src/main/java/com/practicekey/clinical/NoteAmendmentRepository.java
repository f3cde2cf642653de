package com.practicekey.clinical;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface NoteAmendmentRepository extends CrudRepository<NoteAmendment, UUID> {
    List<NoteAmendment> findByNoteIdOrderByCreatedAt(UUID noteId);
}
