package com.practicekey.billing;

import com.practicekey.apps.audit.PhiAccess;
import com.practicekey.apps.data.PracticeTransactions;
import com.practicekey.apps.security.RequiresPermission;
import com.practicekey.apps.web.ApiException;
import com.practicekey.apps.web.NoNul;
import com.practicekey.apps.web.PlausibleDate;
import com.practicekey.apps.web.PageOf;
import com.practicekey.apps.web.Ranges;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class PaymentController {

    @Serdeable
    public record PaymentInput(@NotNull UUID patientId, @Nullable UUID claimId,
                               @NotNull @Pattern(regexp = "payer|patient") @NoNul String source,
                               @NotNull @DecimalMin("0.01") @DecimalMax("10000000") @Digits(integer = 8, fraction = 2) BigDecimal amount,
                               @NotNull @PlausibleDate LocalDate receivedOn, @NotBlank @Size(max = 100) @NoNul String reference) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final ClaimRepository claims;
    private final PaymentRepository payments;

    public PaymentController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, ClaimRepository claims,
                             PaymentRepository payments) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.claims = claims;
        this.payments = payments;
    }

    @Get("/patients/{patientId}/payments")
    @RequiresPermission("billing.payment.read")
    public PageOf<Payment> list(UUID patientId, @Nullable @QueryValue @PlausibleDate LocalDate from, @Nullable @QueryValue @PlausibleDate LocalDate to,
                                @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("from", from, to);
        return tx.inPractice(() -> phi.found("list", "payment", patientId, patients.findById(patientId)
                        .map(p -> PageOf.of(payments.search(patientId, from, to, Pageable.from(page, size))))))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Post("/payments")
    @Status(HttpStatus.CREATED)
    @RequiresPermission("billing.payment.write")
    public Payment create(@Body @Valid PaymentInput in) {
        Payment p = new Payment(UUID.randomUUID(), in.patientId(), in.claimId(), in.source(), in.amount(), in.receivedOn(),
                in.reference().trim(), Instant.now());
        return tx.inPractice(() -> phi.found("create", "payment", p.id(), patients.findById(in.patientId()).map(pt -> {
            if (in.claimId() != null && claims.findById(in.claimId()).filter(c -> c.patientId().equals(in.patientId())).isEmpty()) {
                throw ApiException.badRequest("claimId: no such claim of this patient");
            }
            return payments.save(p);
        }))).orElseThrow(() -> ApiException.notFound("patient"));
    }

    @Get("/payments/{id}")
    @RequiresPermission("billing.payment.read")
    public Payment get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "payment", id, payments.findById(id)))
                .orElseThrow(() -> ApiException.notFound("payment"));
    }
}
