package dev.invalidator.schemas.request;

import java.util.List;
import java.util.Objects;

import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.InvalidFieldException;
import dev.invalidator.schemas.json.JsonFields;
import dev.invalidator.schemas.json.MessageSchema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@link InvalidationRequest}s as JSON. Reading validates against the request's JSON Schema and
 * reports every problem; it never throws for bad input. Immutable and thread-safe: build one and share it.
 */
public final class InvalidationRequestCodec {

    public static final String SCHEMA_RESOURCE = "schemas/invalidation-request.schema.json";

    private final MessageSchema schema;

    /** Loads and compiles the schema; fails with {@link IllegalStateException} if the jar lacks it. */
    public InvalidationRequestCodec() {
        this.schema = MessageSchema.fromClasspath(SCHEMA_RESOURCE);
    }

    /** The request in {@code json} (UTF-8), or every reason it is not a valid one. */
    public DecodeResult<InvalidationRequest> decode(byte[] json) {
        DecodeResult<JsonNode> checked = schema.check(json);
        if (checked instanceof DecodeResult.Decoded<JsonNode> valid) {
            return toRequest(valid.message());
        }
        return new DecodeResult.Rejected<>(checked.violations());
    }

    /** The request as compact UTF-8 JSON that validates against the schema. */
    public byte[] encode(InvalidationRequest request) {
        Objects.requireNonNull(request, "request");
        ObjectNode json = schema.json().mapper().createObjectNode();
        json.put("id", request.id());
        json.put("source", request.source());
        JsonFields.putStrings(json, "keys", request.keys());
        JsonFields.putStrings(json, "patterns", request.patterns());
        JsonFields.putStrings(json, "tags", request.tags());
        if (!request.versions().isEmpty()) {
            // Left out when empty, so that services that do not know versions yet still read the request.
            JsonFields.putStrings(json, "versions", request.versions());
        }
        json.put("cascade", request.cascade());
        json.put("dryRun", request.dryRun());
        if (request.reason() != null) {
            json.put("reason", request.reason());
        }
        if (request.soft()) {
            // Left out when false, as versions: services that do not know soft yet still read hard requests.
            json.put("soft", true);
        }
        return schema.json().mapper().writeValueAsBytes(json);
    }

    private static DecodeResult<InvalidationRequest> toRequest(JsonNode json) {
        try {
            return new DecodeResult.Decoded<>(new InvalidationRequest(
                    JsonFields.text(json, "id"),
                    JsonFields.text(json, "source"),
                    JsonFields.strings(json, "keys"),
                    JsonFields.strings(json, "patterns"),
                    JsonFields.strings(json, "tags"),
                    JsonFields.strings(json, "versions"),
                    JsonFields.flag(json, "cascade"),
                    JsonFields.flag(json, "dryRun"),
                    JsonFields.text(json, "reason"),
                    JsonFields.flag(json, "soft")));
        } catch (InvalidFieldException e) {
            // What the schema cannot say: a JSON escape of a lone surrogate parses into text that is not Unicode.
            // Otherwise unreachable while the schema and the record agree, which tests hold them to.
            return new DecodeResult.Rejected<>(List.of(e.violation()));
        }
    }
}
