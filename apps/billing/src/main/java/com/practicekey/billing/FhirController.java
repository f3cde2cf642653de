package com.practicekey.billing;

import com.practicekey.apps.fhir.FhirEndpoints;
import com.practicekey.apps.fhir.FhirPatients;
import com.practicekey.apps.fhir.ImportResult;
import com.practicekey.apps.security.RequiresPermission;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.UUID;

/**
 * FHIR R4: bundle import and billing's patient accounts as FHIR JSON (apps/README.md "FHIR import");
 * the routes and permissions of billing-app, the work in apps/security's {@link FhirEndpoints}.
 */
@Controller("/api/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class FhirController {

    private final FhirEndpoints fhir;
    private final FhirImporter importer;
    private final FhirPatients fhirPatients;
    private final PatientRepository patients;

    public FhirController(FhirEndpoints fhir, FhirImporter importer, FhirPatients fhirPatients, PatientRepository patients) {
        this.fhir = fhir;
        this.importer = importer;
        this.fhirPatients = fhirPatients;
        this.patients = patients;
    }

    /** Imports a transaction, batch or collection Bundle into the caller's practice, all or nothing. */
    @Post(value = "/import", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @RequiresPermission("billing.import")
    public ImportResult importBundle(HttpRequest<?> request) {
        return fhir.importBundle(request, importer::importBundle);
    }

    @Get(value = "/Patient/{id}", produces = {FhirPatients.FHIR_JSON, MediaType.APPLICATION_JSON})
    @RequiresPermission("billing.balance.read")
    public HttpResponse<String> patient(UUID id) {
        return fhir.patient(id, patients::findById,
                p -> fhirPatients.patient(p.id(), p.familyName(), p.givenName(), p.birthDate()));
    }
}
