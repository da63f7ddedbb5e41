package dev.invalidator.schemas.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;

/**
 * One message's JSON Schema (draft 2020-12), loaded from the classpath, and the check every codec runs before it
 * maps a tree to a record: strict parse, then validation, with every problem reported.
 *
 * <p>Immutable and thread-safe once built; build one per codec and keep it, since loading compiles the schema.
 */
public final class MessageSchema {

    /** The schema keyword that carries human messages for other keywords ({@code "errorMessage": {"not": "..."}}). */
    static final String ERROR_MESSAGE_KEYWORD = "errorMessage";

    private final String resource;
    private final Schema schema;
    private final StrictJson json;

    private MessageSchema(String resource, Schema schema, StrictJson json) {
        this.resource = resource;
        this.schema = schema;
        this.json = json;
    }

    /**
     * Loads a schema shipped in this jar, e.g. {@code schemas/invalidation-request.schema.json}.
     *
     * @throws IllegalStateException when the resource is missing or is not a usable schema: a packaging bug, so it
     *                               fails at start-up rather than on the first message
     */
    public static MessageSchema fromClasspath(String resource) {
        Objects.requireNonNull(resource, "resource");
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                // The validator ships translated messages and would pick the machine's locale; errors travel in
                // HTTP answers and dead-letter headers, so they read the same everywhere.
                .locale(Locale.ENGLISH)
                .errorMessageKeyword(ERROR_MESSAGE_KEYWORD)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        try (InputStream in = MessageSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("JSON Schema " + resource + " is not on the classpath");
            }
            Schema schema = registry.getSchema(in);
            // Compile every keyword now, so a broken schema fails here and not on the first message.
            schema.initializeValidators();
            return new MessageSchema(resource, schema, new StrictJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON Schema " + resource, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("JSON Schema " + resource + " is not usable: " + e.getMessage(), e);
        }
    }

    /** The classpath resource this schema was loaded from. */
    public String resource() {
        return resource;
    }

    /** The strict parser and mapper codecs share with this schema. */
    public StrictJson json() {
        return json;
    }

    /**
     * Parses and validates. {@link DecodeResult.Decoded} holds a JSON object that satisfies the schema, so a codec
     * may map it to its record without checking types again.
     */
    public DecodeResult<JsonNode> check(byte[] bytes) {
        DecodeResult<JsonNode> parsed = json.parseObject(bytes);
        if (parsed instanceof DecodeResult.Decoded<JsonNode> decoded) {
            List<Violation> violations = validate(decoded.message());
            return violations.isEmpty() ? parsed : new DecodeResult.Rejected<>(violations);
        }
        return parsed;
    }

    /** Every way {@code document} breaks the schema; empty when it is valid. */
    public List<Violation> validate(JsonNode document) {
        Objects.requireNonNull(document, "document");
        // A set: several keywords can report the same field the same way (e.g. "required" under two branches).
        Set<Violation> violations = new LinkedHashSet<>();
        for (Error error : schema.validate(document)) {
            violations.add(SchemaErrors.toViolation(error));
        }
        return new ArrayList<>(violations);
    }
}
