package com.practicekey.apps.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import com.practicekey.apps.web.ApiException;
import com.practicekey.apps.web.Limits;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One bundle's import inside the practice transaction: which record each resource is (matching),
 * what its references point to, what is kept of references to the outside, and the counts.
 * <p>
 * Matching: a resource with identifiers (system and value both present) is the record already
 * linked to its first such identifier for its resource type (not to any of them: Synthea's
 * ExplanationOfBenefits all share a second, claim-group identifier); a resource without is the
 * record linked to its source id (the entry's fullUrl, else ResourceType/id). Every key is linked to the record, so a
 * later bundle can refer to it (by urn:uuid, ResourceType/id or a conditional identifier reference).
 * The app's own writes happen between {@link #prepare} and {@link #flush}.
 */
public final class ImportSession {

    /** A matching key: kind identifier (system|value) or source (fullUrl, ResourceType/id). */
    public record Key(String kind, String key, String system, String value) {
        public static Key identifier(String system, String value) {
            return new Key("identifier", system + "|" + value, system, value);
        }

        public static Key source(String key) {
            return new Key("source", key, null, null);
        }
    }

    /** The record a resource is: its id, and whether it existed before this bundle. */
    public record Target(UUID id, boolean existed) {
    }

    private record Link(String type, Key key, UUID recordId) {
    }

    private record Kept(UUID recordId, String type, String path, String reference) {
    }

    private final FhirTerser terser;
    private final Connection connection;
    private final FhirBundle bundle;
    private final Set<String> handledTypes;
    private final Map<String, FhirBundle.Item> byUrl = new HashMap<>();
    private final Map<String, FhirBundle.Item> byIdentifier = new HashMap<>();
    private final Map<FhirBundle.Item, Target> targets = new HashMap<>();
    /** type + '\n' + key -> record id; from the database or assigned in this bundle. */
    private final Map<String, UUID> known = new HashMap<>();
    private final Set<String> lookedUp = new HashSet<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final List<Kept> kept = new ArrayList<>();
    private final Set<UUID> replacedReferences = new HashSet<>();
    private final Set<UUID> counted = new HashSet<>();
    private final Map<String, Integer> created = new TreeMap<>();
    private final Map<String, Integer> updated = new TreeMap<>();
    private final Map<String, Integer> ignored = new TreeMap<>();

    public ImportSession(FhirContext fhir, Connection connection, FhirBundle bundle, Set<String> handledTypes) {
        this.terser = fhir.newTerser();
        this.connection = connection;
        this.bundle = bundle;
        this.handledTypes = handledTypes;
        for (FhirBundle.Item item : bundle.items()) {
            if (item.fullUrl() != null) {
                byUrl.putIfAbsent(item.fullUrl(), item);
            }
            if (item.resource().hasIdElement() && item.resource().getIdElement().hasIdPart()) {
                byUrl.putIfAbsent(item.type() + "/" + item.resource().getIdElement().getIdPart(), item);
            }
            for (Identifier id : identifiers(item.resource())) {
                byIdentifier.putIfAbsent(item.type() + "\n" + id.getSystem() + "|" + id.getValue(), item);
            }
        }
    }

    public FhirBundle bundle() {
        return bundle;
    }

    /** Entries of the handled types, in bundle order; every other entry is counted as ignored. */
    public List<FhirBundle.Item> handledItems() {
        List<FhirBundle.Item> out = new ArrayList<>();
        for (FhirBundle.Item item : bundle.items()) {
            if (handledTypes.contains(item.type())) {
                out.add(item);
            } else {
                ignored.merge(item.type(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Matches every handled entry to its record (existing or new); one query for the whole bundle. */
    public void prepare(List<FhirBundle.Item> items) {
        List<String[]> wanted = new ArrayList<>();
        for (FhirBundle.Item item : items) {
            for (Key k : keys(item)) {
                if (!Limits.plausible(k.key())) {
                    throw problem(item, "identifier, fullUrl or id: " + Limits.NUL_PROBLEM);
                }
                wanted.add(new String[] {item.type(), k.key()});
            }
        }
        lookup(wanted);
        for (FhirBundle.Item item : items) {
            List<Key> ids = identifierKeys(item.resource());
            List<Key> sources = sourceKeys(item);
            if (ids.isEmpty() && sources.isEmpty()) {
                throw problem(item, "has no identifier, fullUrl or id, so it could not be matched on a second import");
            }
            targets.put(item, match(item.type(), ids.isEmpty() ? sources : ids.subList(0, 1), keys(item)));
        }
    }

    /**
     * The record for {@code matchKeys} of {@code type} (existing, or assigned earlier in this
     * bundle, or new), with {@code allKeys} linked to it. Also for records the app derives itself
     * (e.g. a Coverage contained in an ExplanationOfBenefit).
     */
    public Target match(String type, List<Key> matchKeys, List<Key> allKeys) {
        List<String[]> missing = new ArrayList<>();
        for (Key k : matchKeys) {
            missing.add(new String[] {type, k.key()});
        }
        lookup(missing);
        UUID id = null;
        for (Key k : matchKeys) {
            id = known.get(type + "\n" + k.key());
            if (id != null) {
                break;
            }
        }
        boolean existed = id != null && !assignedHere.contains(id);
        if (id == null) {
            id = UUID.randomUUID();
            assignedHere.add(id);
        }
        for (Key k : allKeys) {
            known.put(type + "\n" + k.key(), id);
            links.put(type + "\n" + k.key(), new Link(type, k, id));
        }
        return new Target(id, existed);
    }

    private final Set<UUID> assignedHere = new HashSet<>();

    public Target target(FhirBundle.Item item) {
        return targets.get(item);
    }

    /** Counts a written record once per bundle: created if new, updated if it existed. */
    public void touched(String type, Target t) {
        if (counted.add(t.id())) {
            (t.existed() ? updated : created).merge(type, 1, Integer::sum);
            if (t.existed()) {
                replacedReferences.add(t.id());
            }
        }
    }

    public ImportResult result() {
        return new ImportResult(created, updated, ignored);
    }

    /** The 400 for a problem with an entry: {@code entry[index] (Type): message}. */
    public static ApiException problem(FhirBundle.Item item, String message) {
        return ApiException.badRequest("entry[" + item.index() + "] (" + item.type() + "): " + message);
    }

    /**
     * The record {@code ref} points to, which must be a {@code type}: an entry of this bundle (by
     * fullUrl, ResourceType/id or a conditional {@code Type?identifier=system|value}), else a
     * record imported before under that key. A required reference that resolves to nothing is a
     * problem; an optional one to outside the bundle is empty (and kept as a reference), except a
     * {@code urn:} one, which can only mean this bundle.
     */
    public Optional<UUID> resolve(FhirBundle.Item from, String path, Reference ref, String type, boolean required) {
        String r = ref == null ? null : ref.getReference();
        if (r == null || r.isBlank()) {
            if (required) {
                throw problem(from, path + ": a reference to a " + type + " is required");
            }
            return Optional.empty();
        }
        if (r.startsWith("#")) {
            if (required) {
                throw problem(from, path + ": references a contained resource, not a " + type + " of the bundle or the practice");
            }
            return Optional.empty();
        }
        FhirBundle.Item inBundle = inBundle(r);
        if (inBundle != null) {
            if (!inBundle.type().equals(type)) {
                if (required) {
                    throw problem(from, path + ": references " + r + " which is a " + inBundle.type() + ", not a " + type);
                }
                return Optional.empty();
            }
            Target t = targets.get(inBundle);
            if (t == null) {
                throw problem(from, path + ": references " + r + " which is not imported");
            }
            return Optional.of(t.id());
        }
        String refType = type;
        String key = r;
        int q = r.indexOf('?');
        if (q > 0) {
            refType = r.substring(0, q);
            String query = r.substring(q + 1);
            key = query.startsWith("identifier=") && !query.contains("&") ? query.substring("identifier=".length()) : null;
        } else {
            int slash = r.indexOf('/');
            if (slash > 0 && !r.startsWith("urn:") && !r.contains("://")) {
                refType = r.substring(0, slash);
            }
        }
        UUID found = null;
        if (key != null && refType.equals(type)) {
            lookup(List.<String[]>of(new String[] {type, key}));
            found = known.get(type + "\n" + key);
        }
        if (found != null) {
            return Optional.of(found);
        }
        if (required || r.startsWith("urn:")) {
            throw problem(from, path + ": references " + r + " which is neither in the bundle nor imported");
        }
        return Optional.empty();
    }

    /** The record of {@code type} an entry of this bundle or an earlier import has under {@code key}. */
    public Optional<UUID> find(String type, String key) {
        FhirBundle.Item item = byUrl.get(key);
        if (item != null && item.type().equals(type) && targets.containsKey(item)) {
            return Optional.of(targets.get(item).id());
        }
        lookup(List.<String[]>of(new String[] {type, key}));
        return Optional.ofNullable(known.get(type + "\n" + key));
    }

    /** The bundle entry a reference string names, or null. */
    public FhirBundle.Item inBundle(String r) {
        if (r == null) {
            return null;
        }
        FhirBundle.Item item = byUrl.get(r);
        if (item != null) {
            return item;
        }
        int q = r.indexOf("?identifier=");
        if (q > 0 && !r.contains("&")) {
            return byIdentifier.get(r.substring(0, q) + "\n" + r.substring(q + "?identifier=".length()));
        }
        return null;
    }

    /** Keeps every reference of the resource that points outside the bundle, as written. */
    public void keepOutsideReferences(FhirBundle.Item item, UUID recordId) {
        for (ResourceReferenceInfo info : terser.getAllResourceReferences(item.resource())) {
            String r = info.getResourceReference().getReferenceElement().getValue();
            if (r == null || r.isBlank() || r.startsWith("#") || inBundle(r) != null) {
                continue;
            }
            kept.add(new Kept(recordId, item.type(), info.getName(), r));
        }
    }

    /** Writes the matching keys and the kept references (after the app wrote its rows). */
    public void flush() throws SQLException {
        SqlBatch.forIds(connection, "DELETE FROM fhir_reference WHERE record_id = ANY(?)", replacedReferences);
        SqlBatch refs = new SqlBatch("INSERT INTO fhir_reference (record_id, seq, resource_type, path, reference) VALUES (?, ?, ?, ?, ?)");
        Map<UUID, Integer> seq = new HashMap<>();
        for (Kept k : kept) {
            refs.add(k.recordId(), seq.merge(k.recordId(), 1, Integer::sum), k.type(), k.path(), k.reference());
        }
        refs.run(connection);
        SqlBatch l = new SqlBatch("INSERT INTO fhir_match (resource_type, match_key, kind, system, value, record_id) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (practice_id, resource_type, match_key) DO UPDATE SET record_id = EXCLUDED.record_id, kind = EXCLUDED.kind, "
                + "system = EXCLUDED.system, value = EXCLUDED.value");
        for (Link link : links.values()) {
            l.add(link.type(), link.key().key(), link.key().kind(), link.key().system(), link.key().value(), link.recordId());
        }
        l.run(connection);
    }

    // ---- keys ----

    public static List<Identifier> identifiers(Base resource) {
        Property p = resource.getNamedProperty("identifier");
        if (p == null) {
            return List.of();
        }
        List<Identifier> out = new ArrayList<>();
        for (Base b : p.getValues()) {
            if (b instanceof Identifier id && id.hasSystem() && id.hasValue()) {
                out.add(id);
            }
        }
        return out;
    }

    public static List<Key> identifierKeys(Base resource) {
        List<Key> out = new ArrayList<>();
        for (Identifier id : identifiers(resource)) {
            out.add(Key.identifier(id.getSystem(), id.getValue()));
        }
        return out;
    }

    public static List<Key> sourceKeys(FhirBundle.Item item) {
        List<Key> out = new ArrayList<>();
        if (item.fullUrl() != null && !item.fullUrl().isBlank()) {
            out.add(Key.source(item.fullUrl()));
        }
        Resource r = item.resource();
        if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
            String typeId = item.type() + "/" + r.getIdElement().getIdPart();
            if (!typeId.equals(item.fullUrl())) {
                out.add(Key.source(typeId));
            }
        }
        return out;
    }

    private static List<Key> keys(FhirBundle.Item item) {
        List<Key> all = new ArrayList<>(identifierKeys(item.resource()));
        all.addAll(sourceKeys(item));
        return all;
    }

    private void lookup(Collection<String[]> typeAndKey) {
        List<String> types = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String[] tk : typeAndKey) {
            if (lookedUp.add(tk[0] + "\n" + tk[1])) {
                types.add(tk[0]);
                keys.add(tk[1]);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT resource_type, match_key, record_id FROM fhir_match "
                + "WHERE (resource_type, match_key) IN (SELECT * FROM unnest(?::text[], ?::text[]))")) {
            Array t = connection.createArrayOf("text", types.toArray());
            Array k = connection.createArrayOf("text", keys.toArray());
            s.setArray(1, t);
            s.setArray(2, k);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.putIfAbsent(rs.getString(1) + "\n" + rs.getString(2), rs.getObject(3, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the import's matching keys: " + e.getMessage(), e);
        }
    }
}
