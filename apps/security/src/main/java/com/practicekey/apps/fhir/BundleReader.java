package com.practicekey.apps.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.practicekey.apps.web.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an import body: at most {@code practicekey.fhir.max-bundle-size} bytes (413 above), FHIR
 * R4 JSON parsed strictly by HAPI (unknown elements, invalid codes and values are errors), a
 * Bundle of type transaction, batch or collection. A problem is a 400 naming the entry index
 * (from 0) and resource type where it can be told. Values from the body are never repeated in a
 * message (they may be patient details).
 */
@Singleton
public class BundleReader {

    public static final Set<String> ACCEPTED_TYPES = Set.of("transaction", "batch", "collection");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType FHIR_JSON = MediaType.of("application/fhir+json");
    // HAPI quotes the offending value ("Invalid attribute value \"1990-13-45\"", "format: \"...\"", "code 'x'").
    private static final Pattern QUOTED_VALUE = Pattern.compile("(value|format:|code|date|number) (\"[^\"]*\"|'[^']*')");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d+: ");

    private final FhirContext fhir;
    private final long maxBytes;

    public BundleReader(FhirContext fhir, @Value("${practicekey.fhir.max-bundle-size:16777216}") long maxBytes) {
        this.fhir = fhir;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Checks the media type and reads the whole body as a stream (refusing it above the limit; it
     * is not held to the 64 KiB buffer of other bodies); the bytes are parsed by {@link #parse}.
     */
    public byte[] readBody(HttpRequest<?> request) {
        MediaType type = request.getContentType().orElse(null);
        if (type == null || !(type.matches(FHIR_JSON) || type.matches(MediaType.APPLICATION_JSON_TYPE))) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Content-Type: a bundle is application/fhir+json or application/json");
        }
        if (request.getContentLength() > maxBytes) {
            throw tooLarge();
        }
        if (!(request instanceof ServerHttpRequest<?> server)) {
            throw new IllegalStateException("not a server request");
        }
        return readBody(server.byteBody().toInputStream());
    }

    /** Reads the whole stream, refusing it above the limit. */
    public byte[] readBody(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (total == 0) {
            throw ApiException.badRequest("bundle: the body is empty");
        }
        return out.toByteArray();
    }

    public ApiException tooLarge() {
        return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "bundle: larger than the import limit of " + maxBytes + " bytes");
    }

    public FhirBundle parse(byte[] body) {
        Bundle bundle;
        try {
            bundle = parser().parseResource(Bundle.class, new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8));
        } catch (DataFormatException | ClassCastException e) {
            throw diagnose(body, e);
        }
        String type = bundle.getType() == null ? null : bundle.getType().toCode();
        if (type == null) {
            throw ApiException.badRequest("bundle: type is required (transaction, batch or collection)");
        }
        if (!ACCEPTED_TYPES.contains(type)) {
            throw ApiException.badRequest("bundle: type " + type + " is not imported (transaction, batch or collection)");
        }
        List<FhirBundle.Item> items = new ArrayList<>(bundle.getEntry().size());
        int i = 0;
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r == null) {
                throw ApiException.badRequest("entry[" + i + "]: resource is required");
            }
            items.add(new FhirBundle.Item(i, e.hasFullUrl() ? e.getFullUrl() : null, r));
            i++;
        }
        return new FhirBundle(type, items);
    }

    /** HAPI parsing alone, for the benchmark's baseline. */
    public Bundle parseOnly(byte[] body) {
        return parser().parseResource(Bundle.class, new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    private IParser parser() {
        IParser p = fhir.newJsonParser();
        p.setParserErrorHandler(new StrictErrorHandler());
        return p;
    }

    /** The bundle did not parse: find the first entry that does not, to name it. */
    private ApiException diagnose(byte[] body, RuntimeException failure) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return ApiException.badRequest("bundle: not valid FHIR JSON: not JSON (" + clean(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject() || !"Bundle".equals(root.path("resourceType").asText(null))) {
            return ApiException.badRequest("bundle: not valid FHIR JSON: resourceType must be Bundle");
        }
        JsonNode entries = root.path("entry");
        if (entries.isArray()) {
            IParser p = parser();
            for (int i = 0; i < entries.size(); i++) {
                JsonNode resource = entries.get(i).path("resource");
                if (!resource.isObject()) {
                    continue;
                }
                String type = resource.path("resourceType").asText("?");
                try {
                    p.parseResource(resource.toString());
                } catch (DataFormatException e) {
                    return ApiException.badRequest("entry[" + i + "] (" + type + "): not valid FHIR: " + clean(e.getMessage()));
                }
            }
        }
        return ApiException.badRequest("bundle: not valid FHIR JSON: " + clean(failure.getMessage()));
    }

    static String clean(String message) {
        if (message == null) {
            return "unreadable";
        }
        String m = HAPI_CODE.matcher(message).replaceAll("");
        m = QUOTED_VALUE.matcher(m).replaceAll("$1 (value not shown)");
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl).trim() : m.trim();
    }
}
