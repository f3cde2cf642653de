package com.practicekey.apps.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.practicekey.apps.audit.PhiAccess;
import com.practicekey.apps.data.PracticeTransactions;
import com.practicekey.apps.web.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Patient;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the apps' {@code /api/fhir} endpoints do (apps/README.md "FHIR import"). Each app's
 * {@code FhirController} keeps its routes and the permission of each endpoint
 * ({@code @RequiresPermission}) and calls these.
 */
@Singleton
public class FhirEndpoints {

    private final PracticeTransactions tx;
    private final PhiAccess phi;
    private final BundleReader reader;
    private final FhirContext fhir;

    public FhirEndpoints(PracticeTransactions tx, PhiAccess phi, BundleReader reader, FhirContext fhir) {
        this.tx = tx;
        this.phi = phi;
        this.reader = reader;
        this.fhir = fhir;
    }

    /**
     * {@code POST /api/fhir/import}: reads the body as a stream (up to the import limit, not
     * buffered like other bodies), parses the Bundle and imports it with {@code importer} in one
     * transaction of the caller's practice, all or nothing.
     */
    public ImportResult importBundle(HttpRequest<?> request, Function<FhirBundle, ImportResult> importer) {
        FhirBundle bundle = reader.parse(reader.readBody(request));
        return tx.inPractice(() -> importer.apply(bundle));
    }

    /**
     * {@code GET /api/fhir/Patient/{id}}: the app's patient record {@code find} answers, made a
     * FHIR Patient by {@code toFhir}, as FHIR JSON; the read is audited, and a record that is not
     * in the caller's practice is a 404.
     */
    public <P> HttpResponse<String> patient(UUID id, Function<UUID, Optional<P>> find, Function<P, Patient> toFhir) {
        String json = tx.inPractice(() -> phi.found("read", "patient", id, find.apply(id))
                .map(p -> fhir.newJsonParser().encodeResourceToString(toFhir.apply(p))))
                .orElseThrow(() -> ApiException.notFound("patient"));
        return HttpResponse.ok(json).contentType(FhirPatients.FHIR_JSON);
    }
}
