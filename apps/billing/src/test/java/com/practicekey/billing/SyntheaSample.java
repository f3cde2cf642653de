package com.practicekey.billing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Synthea FHIR R4 sample kept beside the repository ({@code ../shared/data/synthea}, system
 * property {@code practicekey.synthea.dir}): its files in load order and the resource counts its
 * SOURCE.md states. Nothing of it is copied into the project.
 */
final class SyntheaSample {

    static final String PROPERTY = "practicekey.synthea.dir";

    final Path dir;
    /** Support bundles (organizations, locations, practitioners) first, then the patient bundles. */
    final List<Path> files;
    /** Resources in the 28 patient bundles, by type: the "Resource counts" table and the "Also present" line. */
    final Map<String, Integer> patientBundleCounts;
    /** Resources in the two support bundles, by type. */
    final Map<String, Integer> supportCounts;

    private SyntheaSample(Path dir, List<Path> files, Map<String, Integer> patientBundleCounts, Map<String, Integer> supportCounts) {
        this.dir = dir;
        this.files = files;
        this.patientBundleCounts = patientBundleCounts;
        this.supportCounts = supportCounts;
    }

    static Path location() {
        String configured = System.getProperty(PROPERTY);
        return Path.of(configured != null ? configured : "../shared/data/synthea").toAbsolutePath().normalize();
    }

    /** The sample, or a skipped test (JUnit assumption) naming the folder when it is absent. */
    static SyntheaSample require() {
        Path dir = location();
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("fhir")) && Files.isRegularFile(dir.resolve("SOURCE.md")),
                "Synthea sample not found at " + dir + " (set -D" + PROPERTY + "=<folder with SOURCE.md and fhir/>): skipped");
        return load(dir);
    }

    static boolean present() {
        Path dir = location();
        return Files.isDirectory(dir.resolve("fhir")) && Files.isRegularFile(dir.resolve("SOURCE.md"));
    }

    static SyntheaSample load(Path dir) {
        try {
            String source = Files.readString(dir.resolve("SOURCE.md"));
            List<Path> support = new ArrayList<>();
            List<Path> patients = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir.resolve("fhir"))) {
                s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(p -> {
                    String name = p.getFileName().toString();
                    (name.startsWith("hospitalInformation") || name.startsWith("practitionerInformation") ? support : patients).add(p);
                });
            }
            List<Path> files = new ArrayList<>(support);
            files.addAll(patients);
            return new SyntheaSample(dir, files, patientBundleCounts(source), supportCounts(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table under "### Resource counts" (plural column names made resource types) and the "Also present:" line. */
    static Map<String, Integer> patientBundleCounts(String source) {
        List<String> lines = source.lines().toList();
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("### Resource counts")) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new IllegalStateException("SOURCE.md has no '### Resource counts' section");
        }
        List<String> table = new ArrayList<>();
        for (int i = at + 1; i < lines.size() && table.size() < 3; i++) {
            if (lines.get(i).startsWith("|")) {
                table.add(lines.get(i));
            }
        }
        String[] names = cells(table.get(0));
        String[] values = cells(table.get(2));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            counts.put(resourceType(names[i]), number(values[i]));
        }
        for (String line : lines) {
            if (line.startsWith("Also present:")) {
                Matcher m = Pattern.compile("([A-Z][A-Za-z]+) (\\d[\\d,]*)").matcher(line);
                while (m.find()) {
                    counts.put(m.group(1), number(m.group(2)));
                }
            }
        }
        return counts;
    }

    /** "(batch: 365 Organization and 366 Location)", "(batch: 365 Practitioner and 365 PractitionerRole)". */
    static Map<String, Integer> supportCounts(String source) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\d[\\d,]*) (Organization|Location|PractitionerRole|Practitioner)\\b").matcher(source);
        while (m.find()) {
            counts.put(m.group(2), number(m.group(1)));
        }
        return counts;
    }

    private static String[] cells(String row) {
        String inner = row.trim();
        inner = inner.substring(1, inner.length() - 1);
        String[] cells = inner.split("\\|");
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    private static String resourceType(String column) {
        return switch (column) {
            case "Patients", "Encounters", "Claims", "Conditions", "Observations", "Procedures", "MedicationRequests" ->
                    column.substring(0, column.length() - 1);
            default -> column;
        };
    }

    private static int number(String s) {
        return Integer.parseInt(s.replace(",", "").trim());
    }
}
