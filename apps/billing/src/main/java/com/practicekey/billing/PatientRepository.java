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

/** No query names a practice: row-level security scopes every statement (see PracticeTransactions). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PatientRepository extends CrudRepository<Patient, UUID> {

    String WHERE = " WHERE (CAST(:name AS text) IS NULL OR family_name ILIKE :name OR given_name ILIKE :name"
            + " OR (given_name || ' ' || family_name) ILIKE :name)"
            + " AND (CAST(:bornFrom AS date) IS NULL OR birth_date >= :bornFrom)"
            + " AND (CAST(:bornTo AS date) IS NULL OR birth_date <= :bornTo)";

    @Query(value = "SELECT * FROM patient" + WHERE + " ORDER BY family_name, given_name, id",
            countQuery = "SELECT count(*) FROM patient" + WHERE)
    Page<Patient> search(@Nullable String name, @Nullable LocalDate bornFrom, @Nullable LocalDate bornTo, Pageable pageable);
}
