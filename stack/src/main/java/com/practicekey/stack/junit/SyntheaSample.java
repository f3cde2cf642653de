package com.practicekey.stack.junit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Synthea FHIR R4 sample kept beside the repository ({@code ../shared/data/synthea}, system
 * property {@code practicekey.synthea.dir}): its files in load order and the resource counts its
 * SOURCE.md states, for the apps' import tests. Nothing of it is copied into the project.
 */
public final class SyntheaSample {

    public static final String PROPERTY = "practicekey.synthea.dir";

    private final Path dir;
    private final List<Path> files;
    private final List<Path> patientBundles;
    private final Map<String, Integer> patientBundleCounts;
    private final Map<String, Integer> supportCounts;

    /** Created, updated and ignored counts by resource type, as the import answers them. */
    public record Counts(Map<String, Integer> created, Map<String, Integer> updated, Map<String, Integer> ignored) {
    }

    private SyntheaSample(Path dir, List<Path> files, List<Path> patientBundles, Map<String, Integer> patientBundleCounts,
                          Map<String, Integer> supportCounts) {
        this.dir = dir;
        this.files = files;
        this.patientBundles = patientBundles;
        this.patientBundleCounts = patientBundleCounts;
        this.supportCounts = supportCounts;
    }

    public static Path location() {
        String configured = System.getProperty(PROPERTY);
        return Path.of(configured != null ? configured : "../shared/data/synthea").toAbsolutePath().normalize();
    }

    /** The sample, or a skipped test (JUnit assumption) naming the folder when it is absent. */
    public static SyntheaSample require() {
        Path dir = location();
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("fhir")) && Files.isRegularFile(dir.resolve("SOURCE.md")),
                "Synthea sample not found at " + dir + " (set -D" + PROPERTY + "=<folder with SOURCE.md and fhir/>): skipped");
        return load(dir);
    }

    public static boolean present() {
        Path dir = location();
        return Files.isDirectory(dir.resolve("fhir")) && Files.isRegularFile(dir.resolve("SOURCE.md"));
    }

    public static SyntheaSample load(Path dir) {
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
            return new SyntheaSample(dir, List.copyOf(files), List.copyOf(patients), patientBundleCounts(source), supportCounts(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Support bundles (organizations, locations, practitioners) first, then the patient bundles. */
    public List<Path> files() {
        return files;
    }

    /** Resources in the 28 patient bundles, by type: the "Resource counts" table and the "Also present" line. */
    public Map<String, Integer> patientBundleCounts() {
        return patientBundleCounts;
    }

    /** Resources in the two support bundles, by type. */
    public Map<String, Integer> supportCounts() {
        return supportCounts;
    }

    /** The smallest patient bundle (for a second import). */
    public Path smallestPatientBundle() {
        return patientBundles.stream().min(Comparator.comparingLong(SyntheaSample::size)).orElseThrow();
    }

    /**
     * Imports every file in load order with {@code importer}, which answers the import's JSON
     * answer ({@code created}, {@code updated}, {@code ignored}); the answers summed by type.
     */
    public Counts importAll(Function<Path, JsonNode> importer) {
        Counts sum = new Counts(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (Path f : files) {
            JsonNode r = importer.apply(f);
            add(sum.created(), r.get("created"));
            add(sum.updated(), r.get("updated"));
            add(sum.ignored(), r.get("ignored"));
        }
        return sum;
    }

    /**
     * What SOURCE.md says an import of every file into a new practice answers for an app that
     * takes {@code types}: created, the patient bundles' resources of those types; ignored, their
     * resources of every other type and the support bundles'; updated, none.
     */
    public Counts expected(Set<String> types) {
        Map<String, Integer> created = new TreeMap<>();
        Map<String, Integer> ignored = new TreeMap<>(supportCounts);
        patientBundleCounts.forEach((type, n) -> (types.contains(type) ? created : ignored).put(type, n));
        return new Counts(created, new TreeMap<>(), ignored);
    }

    private static void add(Map<String, Integer> sum, JsonNode counts) {
        counts.fields().forEachRemaining(e -> sum.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
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
