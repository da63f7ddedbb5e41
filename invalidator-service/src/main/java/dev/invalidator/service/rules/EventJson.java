package dev.invalidator.service.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.schemas.change.RecordCoordinates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads one change event written as JSON by a person: either the record value alone (Debezium's JSON, exactly as in
 * Kafka) or the Kafka record {@code {"topic":…,"key":…,"value":…}} whose key and value are JSON values (or JSON text
 * in a string, as recorded samples hold them), null for a tombstone. Safe to share between threads.
 */
public final class EventJson {

    private static final Set<String> RECORD_FIELDS =
            Set.of("topic", "partition", "offset", "timestamp", "headers", "key", "value");

    private final ObjectMapper mapper;

    public EventJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The event in {@code json}, which must hold exactly one JSON value; otherwise an unreadable input saying why. */
    public EventInput read(String origin, byte[] json) {
        JsonNode node;
        try (JsonParser parser = mapper.createParser(json)) {
            node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                return EventInput.unreadable(origin, "no JSON: the body is empty");
            }
            if (parser.nextToken() != null) {
                return EventInput.unreadable(origin, "more than one JSON value: give exactly one event");
            }
        } catch (JsonProcessingException e) {
            return EventInput.unreadable(origin, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a byte array does no I/O; only malformed input gets here.
            return EventInput.unreadable(origin, "not JSON: " + e.getMessage());
        }
        return read(origin, node);
    }

    /** The event in one parsed JSON value. */
    public EventInput read(String origin, JsonNode node) {
        try {
            if (!isRecord(node)) {
                return new EventInput(origin, null, null, mapper.writeValueAsBytes(node), null, null);
            }
            String topic = node.path("topic").isTextual() ? node.get("topic").textValue() : null;
            RecordCoordinates coordinates = topic == null ? null
                    : new RecordCoordinates(topic, node.path("partition").asInt(0), node.path("offset").asLong(-1));
            return new EventInput(origin, topic, bytesOf(node.get("key")), bytesOf(node.get("value")), coordinates, null);
        } catch (JsonProcessingException e) {
            // Writing a tree that was just parsed cannot fail; if it ever does, the input is reported, not dropped.
            return EventInput.unreadable(origin, "cannot re-encode the event: " + e.getOriginalMessage());
        }
    }

    private static boolean isRecord(JsonNode node) {
        if (!node.isObject() || !node.has("value")) {
            return false;
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            if (!RECORD_FIELDS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private byte[] bytesOf(JsonNode node) throws JsonProcessingException {
        if (node == null || node.isNull()) {
            return null;
        }
        // A string holds the record's JSON as text; anything else is the JSON itself.
        return node.isTextual() ? node.textValue().getBytes(StandardCharsets.UTF_8) : mapper.writeValueAsBytes(node);
    }
}
