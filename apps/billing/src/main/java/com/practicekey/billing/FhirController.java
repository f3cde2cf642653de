package com.practicekey.billing;

import ca.uhn.fhir.context.FhirContext;
import com.practicekey.apps.audit.PhiAccess;
import com.practicekey.apps.data.PracticeTransactions;
import com.practicekey.apps.fhir.BundleReader;
import com.practicekey.apps.fhir.FhirBundle;
import com.practicekey.apps.fhir.FhirPatients;
import com.practicekey.apps.fhir.ImportResult;
import com.practicekey.apps.security.RequiresPermission;
import com.practicekey.apps.web.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

import java.sql.Date;
import java.util.UUID;

/** FHIR R4: bundle import and billing's patient accounts as FHIR JSON (apps/README.md "FHIR import"). */
@Controller("/api/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
@SecurityRequirement(name = "bearer")
public class FhirController {

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final BundleReader reader;
    private final FhirImporter importer;
    private final FhirPatients fhirPatients;
    private final PatientRepository patients;
    private final FhirContext fhir;

    public FhirController(PracticeTransactions tx, PhiAccess phi, BundleReader reader, FhirImporter importer,
                          FhirPatients fhirPatients, PatientRepository patients, FhirContext fhir) {
        this.tx = tx;
        this.phi = phi;
        this.reader = reader;
        this.importer = importer;
        this.fhirPatients = fhirPatients;
        this.patients = patients;
        this.fhir = fhir;
    }

    /**
     * Imports a transaction, batch or collection Bundle into the caller's practice, all or nothing.
     * The body is read as a stream (up to the import limit), not buffered like other bodies.
     */
    @Post(value = "/import", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @RequiresPermission("billing.import")
    public ImportResult importBundle(HttpRequest<?> request) {
        FhirBundle bundle = reader.parse(reader.readBody(request));
        return tx.inPractice(() -> importer.importBundle(bundle));
    }

    @Get(value = "/Patient/{id}", produces = {FhirPatients.FHIR_JSON, MediaType.APPLICATION_JSON})
    @RequiresPermission("billing.balance.read")
    public HttpResponse<String> patient(UUID id) {
        String json = tx.inPractice(() -> phi.found("read", "patient", id, patients.findById(id)).map(p -> {
            Patient out = fhirPatients.withImported(p.id());
            HumanName name = out.addName().setFamily(p.familyName().isEmpty() ? null : p.familyName());
            for (String given : p.givenName().split(" ")) {
                if (!given.isBlank()) {
                    name.addGiven(given);
                }
            }
            out.setBirthDate(Date.valueOf(p.birthDate()));
            return fhir.newJsonParser().encodeResourceToString(out);
        })).orElseThrow(() -> ApiException.notFound("patient"));
        return HttpResponse.ok(json).contentType(FhirPatients.FHIR_JSON);
    }
}
