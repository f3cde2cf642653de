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

/**
 * Patient accounts of the billing app (billing never reads the clinical app). Registering an
 * account is an import of demographics ({@code billing.import}); reading accounts and balances
 * needs {@code billing.balance.read}.
 */
@Controller("/api/patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class PatientController {

    @Serdeable
    public record PatientInput(@NotBlank @Size(max = 100) @NoNul String familyName, @NotBlank @Size(max = 100) @NoNul String givenName,
                               @NotNull @Past @PlausibleDate LocalDate birthDate) {
    }

    @Serdeable
    public record Balance(UUID patientId, BigDecimal charges, BigDecimal payments, BigDecimal balance) {
    }

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final PatientRepository patients;
    private final ClaimRepository claims;
    private final PaymentRepository payments;

    public PatientController(PracticeTransactions tx, PhiAccess phi, PatientRepository patients, ClaimRepository claims,
                             PaymentRepository payments) {
        this.tx = tx;
        this.phi = phi;
        this.patients = patients;
        this.claims = claims;
        this.payments = payments;
    }

    @Get
    @RequiresPermission("billing.balance.read")
    public PageOf<Patient> list(@Nullable @QueryValue @Size(max = 100) @NoNul String name,
                                @Nullable @QueryValue @PlausibleDate LocalDate bornFrom, @Nullable @QueryValue @PlausibleDate LocalDate bornTo,
                                @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                                @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
        Ranges.check("bornFrom", bornFrom, bornTo);
        return tx.inPractice(() -> phi.done("list", "patient", null,
                PageOf.of(patients.search(PageOf.contains(name), bornFrom, bornTo, Pageable.from(page, size)))));
    }

    @Post
    @Status(HttpStatus.CREATED)
    @RequiresPermission("billing.import")
    public Patient create(@Body @Valid PatientInput in) {
        Instant now = Instant.now();
        Patient p = new Patient(UUID.randomUUID(), in.familyName().trim(), in.givenName().trim(), in.birthDate(), now, now);
        return tx.inPractice(() -> phi.done("create", "patient", p.id(), patients.save(p)));
    }

    @Get("/{id}")
    @RequiresPermission("billing.balance.read")
    public Patient get(UUID id) {
        return tx.inPractice(() -> phi.found("read", "patient", id, patients.findById(id)))
                .orElseThrow(() -> ApiException.notFound("patient"));
    }

    /** Charges of every claim past draft, minus every payment. */
    @Get("/{id}/balance")
    @RequiresPermission("billing.balance.read")
    public Balance balance(UUID id) {
        return tx.inPractice(() -> phi.found("read", "balance", id, patients.findById(id).map(p -> {
            BigDecimal charged = claims.charges(id);
            BigDecimal paid = payments.total(id);
            return new Balance(id, charged, paid, charged.subtract(paid));
        }))).orElseThrow(() -> ApiException.notFound("patient"));
    }
}
