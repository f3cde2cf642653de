package com.practicekey.apps.fhir;

import org.hl7.fhir.r4.model.Resource;

import java.util.List;

/** A parsed Bundle: its type and its entries in order (index = position in Bundle.entry, from 0). */
public record FhirBundle(String type, List<Item> items) {

    /** One entry: its index, its fullUrl (may be null) and its resource. */
    public record Item(int index, String fullUrl, Resource resource) {
        public String type() {
            return resource.fhirType();
        }
    }
}
