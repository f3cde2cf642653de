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
public interface PaymentRepository extends CrudRepository<Payment, UUID> {

    String WHERE = " WHERE patient_id = :patientId"
            + " AND (CAST(:from AS date) IS NULL OR received_on >= :from)"
            + " AND (CAST(:to AS date) IS NULL OR received_on <= :to)";

    @Query(value = "SELECT * FROM payment" + WHERE + " ORDER BY received_on DESC, id",
            countQuery = "SELECT count(*) FROM payment" + WHERE)
    Page<Payment> search(UUID patientId, @Nullable LocalDate from, @Nullable LocalDate to, Pageable pageable);

    @Query("SELECT COALESCE(SUM(amount), 0) FROM payment WHERE patient_id = :patientId")
    BigDecimal total(UUID patientId);
}
