package dev.invalidator.schemas.broadcast;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.InvalidFieldException;
import dev.invalidator.schemas.json.JsonFields;
import dev.invalidator.schemas.json.MessageSchema;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes {@link InvalidationBroadcast}s as JSON. Reading validates against the broadcast's JSON Schema
 * and reports every problem; it never throws for bad input. A subscriber that gets a rejection cannot know what the
 * message would have invalidated, so it must treat it like a missed message. Immutable and thread-safe.
 */
public final class InvalidationBroadcastCodec {

    public static final String SCHEMA_RESOURCE = "schemas/invalidation-broadcast.schema.json";

    private final MessageSchema schema;

    /** Loads and compiles the schema; fails with {@link IllegalStateException} if the jar lacks it. */
    public InvalidationBroadcastCodec() {
        this.schema = MessageSchema.fromClasspath(SCHEMA_RESOURCE);
    }

    /** The broadcast in {@code json} (UTF-8), or every reason it is not a valid one. */
    public DecodeResult<InvalidationBroadcast> decode(byte[] json) {
        DecodeResult<JsonNode> checked = schema.check(json);
        if (checked instanceof DecodeResult.Decoded<JsonNode> valid) {
            return toBroadcast(valid.message());
        }
        return new DecodeResult.Rejected<>(checked.violations());
    }

    /**
     * The broadcast as compact UTF-8 JSON that validates against the schema. Written field by field rather than
     * through a tree: a publisher encodes one for every batch it applies, and the tree cost more than the writing.
     */
    public byte[] encode(InvalidationBroadcast broadcast) {
        Objects.requireNonNull(broadcast, "broadcast");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = schema.json().mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberProperty("version", InvalidationBroadcast.VERSION);
            json.writeObjectPropertyStart("position");
            json.writeStringProperty("publisherId", broadcast.position().publisherId());
            json.writeNumberProperty("epoch", broadcast.position().epoch());
            json.writeNumberProperty("sequence", broadcast.position().sequence());
            json.writeEndObject();
            json.writeNumberProperty("publishedAtMillis", broadcast.publishedAtMillis());
            json.writeName("cause");
            writeCause(json, broadcast.cause());
            writeStrings(json, "keys", broadcast.keys());
            writeStrings(json, "patterns", broadcast.patterns());
            writeStrings(json, "tags", broadcast.tags());
            json.writeBooleanProperty("clearAll", broadcast.clearAll());
            if (broadcast.soft()) {
                // Written only when set: a hard broadcast stays byte for byte what subscribers before soft read.
                json.writeBooleanProperty("soft", true);
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeCause(JsonGenerator json, BroadcastCause cause) {
        json.writeStartObject();
        json.writeStringProperty("type", cause.type());
        if (cause instanceof BroadcastCause.Change change) {
            json.writeStringProperty("table", change.table());
            json.writeStringProperty("op", change.op().code());
            json.writeStringProperty("sourcePosition", change.sourcePosition());
        } else if (cause instanceof BroadcastCause.Request request) {
            json.writeStringProperty("requestId", request.requestId());
            json.writeStringProperty("source", request.source());
        } else if (cause instanceof BroadcastCause.Repair repair && repair.reason() != null) {
            json.writeStringProperty("reason", repair.reason());
        } else if (cause instanceof BroadcastCause.Batch batch) {
            json.writeArrayPropertyStart("causes");
            for (BroadcastCause each : batch.causes()) {
                writeCause(json, each);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) {
        json.writeArrayPropertyStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static DecodeResult<InvalidationBroadcast> toBroadcast(JsonNode json) {
        try {
            JsonNode position = json.get("position");
            return new DecodeResult.Decoded<>(new InvalidationBroadcast(
                    new BroadcastPosition(
                            JsonFields.text(position, "publisherId"),
                            JsonFields.integer(position, "epoch"),
                            JsonFields.integer(position, "sequence")),
                    JsonFields.integer(json, "publishedAtMillis"),
                    readCause(json.get("cause")),
                    JsonFields.strings(json, "keys"),
                    JsonFields.strings(json, "patterns"),
                    JsonFields.strings(json, "tags"),
                    JsonFields.flag(json, "clearAll"),
                    JsonFields.flag(json, "soft")));
        } catch (InvalidFieldException e) {
            // What the schema cannot say: a JSON escape of a lone surrogate parses into text that is not Unicode.
            // Otherwise unreachable while the schema and the records agree, which tests hold them to.
            return new DecodeResult.Rejected<>(List.of(e.violation()));
        }
    }

    private static BroadcastCause readCause(JsonNode json) {
        String type = JsonFields.text(json, "type");
        switch (type) {
            case "change":
                String code = JsonFields.text(json, "op");
                Operation op = Operation.fromCode(code)
                        .orElseThrow(() -> new InvalidFieldException("/cause/op", "unknown operation " + code));
                return new BroadcastCause.Change(JsonFields.text(json, "table"), op,
                        JsonFields.text(json, "sourcePosition"));
            case "request":
                return new BroadcastCause.Request(JsonFields.text(json, "requestId"), JsonFields.text(json, "source"));
            case "repair":
                return new BroadcastCause.Repair(JsonFields.text(json, "reason"));
            case "heartbeat":
                return new BroadcastCause.Heartbeat();
            case "batch":
                List<BroadcastCause> causes = new ArrayList<>();
                for (JsonNode each : json.get("causes")) {
                    causes.add(readCause(each));
                }
                return new BroadcastCause.Batch(causes);
            default:
                throw new InvalidFieldException("/cause/type", "unknown cause type " + type);
        }
    }
}
