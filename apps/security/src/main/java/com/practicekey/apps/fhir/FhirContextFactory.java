package com.practicekey.apps.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one HAPI {@link FhirContext} (FHIR R4) of an app: costly to build, thread-safe once built. */
@Factory
public class FhirContextFactory {

    @Singleton
    public FhirContext fhirContext() {
        FhirContext ctx = FhirContext.forR4();
        // Keep each resource's own id (ResourceType/id); the entry's fullUrl is read separately.
        ctx.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        return ctx;
    }
}
