package com.practicekey.clinical;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.AppTokens;
import com.practicekey.stack.junit.FhirTestBundles;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyTest;
import com.practicekey.stack.junit.SyntheaSample;
import io.micronaut.runtime.server.EmbeddedServer;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * FHIR import throughput of clinical-app (run with -Pbench only): the Synthea sample (or, without
 * it, generated bundles) imported over HTTP into a new practice, and again (every record matched
 * and updated), against parsing the same bundles with HAPI alone in the same JVM and run. Prints
 * resources per second and the ratios; writes target/import-bench.txt. Asserts the counts, no timing.
 */
@PracticeKeyTest
class ImportBench {

    private static final int ROUNDS = 3;

    @Test
    void import_throughput_against_hapi_parsing_alone(PracticeKeyServer kc) throws Exception {
        List<byte[]> bundles = new ArrayList<>();
        String source;
        if (SyntheaSample.present()) {
            SyntheaSample sample = SyntheaSample.load(SyntheaSample.location());
            for (Path f : sample.files()) {
                bundles.add(Files.readAllBytes(f));
            }
            source = "Synthea sample (" + bundles.size() + " bundles)";
        } else {
            for (int i = 0; i < 20; i++) {
                bundles.add(Http.toJson(generated("bench" + i)).getBytes(StandardCharsets.UTF_8));
            }
            source = "generated bundles (" + bundles.size() + "; Synthea sample not found at " + SyntheaSample.location() + ")";
        }
        long bytes = bundles.stream().mapToLong(b -> b.length).sum();

        // baseline: HAPI parsing alone (strict, as the import parses), warmed up, best of ROUNDS
        FhirContext fhir = FhirContext.forR4();
        int resources = 0;
        for (byte[] b : bundles) {
            resources += parse(fhir, b).getEntry().size();
        }
        long parseNanos = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (byte[] b : bundles) {
                parse(fhir, b);
            }
            parseNanos = Math.min(parseNanos, System.nanoTime() - t0);
        }

        EmbeddedServer app = ClinicalApp.start(kc);
        try {
            AppTokens tokens = new AppTokens(kc);
            // warm-up import into its own practice
            runImport(app, token(tokens), bundles);
            long createNanos = Long.MAX_VALUE;
            long updateNanos = Long.MAX_VALUE;
            for (int r = 0; r < ROUNDS - 1; r++) {
                String token = token(tokens);
                long t0 = System.nanoTime();
                int[] created = runImport(app, token, bundles);
                createNanos = Math.min(createNanos, System.nanoTime() - t0);
                assertEquals(resources, created[0] + created[1] + created[2], "every entry created or ignored");
                assertEquals(0, created[1], "nothing updated in a new practice");
                t0 = System.nanoTime();
                int[] again = runImport(app, token, bundles);
                updateNanos = Math.min(updateNanos, System.nanoTime() - t0);
                assertEquals(0, again[0], "nothing created on the second import");
            }
            String report = String.format(
                    "FHIR import bench (clinical-app, %s, %.1f MiB, %d resources, best of %d)%n"
                            + "  HAPI parsing alone:        %8.0f resources/s%n"
                            + "  import into new practice:  %8.0f resources/s  ratio to parsing %.1f%n"
                            + "  re-import (all matched):   %8.0f resources/s  ratio to parsing %.1f%n",
                    source, bytes / 1048576.0, resources, ROUNDS,
                    perSecond(resources, parseNanos),
                    perSecond(resources, createNanos), (double) createNanos / parseNanos,
                    perSecond(resources, updateNanos), (double) updateNanos / parseNanos);
            System.out.print(report);
            Path out = Path.of("target", "import-bench.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            app.getApplicationContext().close();
        }
    }

    private static Bundle parse(FhirContext fhir, byte[] b) {
        IParser p = fhir.newJsonParser();
        p.setParserErrorHandler(new StrictErrorHandler());
        return p.parseResource(Bundle.class, new String(b, StandardCharsets.UTF_8));
    }

    private static double perSecond(int resources, long nanos) {
        return resources / (nanos / 1e9);
    }

    private static String token(AppTokens tokens) {
        return tokens.newMember("Bench clinic", "clinical-app", ClinicalApp.allClinicalPermissions()).token();
    }

    /** Imports every bundle; returns the summed created, updated and ignored counts. */
    private static int[] runImport(EmbeddedServer app, String token, List<byte[]> bundles) {
        int[] sums = new int[3];
        for (byte[] b : bundles) {
            JsonNode r = Http.send(java.net.http.HttpRequest.newBuilder(ClinicalApp.url(app, "/api/fhir/import"))
                    .timeout(java.time.Duration.ofMinutes(5))
                    .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(b)).build()).expect(200).json();
            String[] parts = {"created", "updated", "ignored"};
            for (int i = 0; i < 3; i++) {
                final int k = i;
                r.get(parts[i]).fields().forEachRemaining(e -> sums[k] += e.getValue().asInt());
            }
        }
        return sums;
    }

    /** A patient bundle of the test shape with 200 extra observations. */
    private static Map<String, Object> generated(String tag) {
        Map<String, Object> b = ClinicalBundles.fullBundle(tag, "Bench");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) b.get("entry");
        String p = "urn:uuid:" + FhirTestBundles.uuid(tag, 1);
        String e = "urn:uuid:" + FhirTestBundles.uuid(tag, 2);
        for (int i = 0; i < 200; i++) {
            String id = FhirTestBundles.uuid(tag, 1000 + i);
            entries.add(FhirTestBundles.entry("urn:uuid:" + id, ClinicalBundles.observation(id, p, e,
                    FhirTestBundles.map("valueQuantity", FhirTestBundles.map("value", 60 + i % 40, "unit", "/min")))));
        }
        return b;
    }
}
