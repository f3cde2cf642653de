package com.practicekey.apps.fhir;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * The answer of {@code POST /api/fhir/import}: how many records of each FHIR resource type the
 * bundle created and updated, and how many entries of each type the app does not take.
 */
@Serdeable
public record ImportResult(Map<String, Integer> created, Map<String, Integer> updated, Map<String, Integer> ignored) {
}
