package com.practicekey.billing;

import com.practicekey.apps.audit.AuditReport;
import com.practicekey.apps.audit.AuditTrail;
import com.practicekey.apps.data.PracticeTransactions;
import com.practicekey.apps.security.RequiresPermission;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The practice's PHI audit trail, newest first, with the whole chain verified. */
@Controller("/api/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class AuditController {

    private final PracticeTransactions tx;
    private final AuditTrail audit;

    public AuditController(PracticeTransactions tx, AuditTrail audit) {
        this.tx = tx;
        this.audit = audit;
    }

    @Get
    @RequiresPermission("billing.audit.read")
    public AuditReport list(@QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page,
                            @QueryValue(defaultValue = "50") @Min(1) @Max(500) int size) {
        return tx.inPractice(() -> audit.report(page, size));
    }
}
