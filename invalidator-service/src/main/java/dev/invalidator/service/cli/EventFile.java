package dev.invalidator.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.schemas.change.RecordCoordinates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads change events for the {@code rules} verbs: one event or JSON Lines of them, each either the record value
 * alone (Debezium's JSON) or the Kafka record {@code {"topic":…,"key":…,"value":…}} whose key and value are JSON
 * values (or JSON text in a string, as the recorded samples hold them), null for a tombstone.
 */
final class EventFile {

    private static final Set<String> RECORD_FIELDS = Set.of("topic", "partition", "offset", "timestamp", "headers", "key", "value");

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * One event to process.
     *
     * @param origin      {@code file:line}, for messages
     * @param topic       the record's topic, or null when the file holds the value alone
     * @param key         key bytes, or null
     * @param value       value bytes, or null for a tombstone
     * @param coordinates where the record says it came from, or null
     * @param unreadable  why the line is not an event at all, or null
     */
    record Input(String origin, String topic, byte[] key, byte[] value, RecordCoordinates coordinates, String unreadable) {
    }

    List<Input> read(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode whole = parseWhole(content);
        if (whole != null) {
            return List.of(input(file + ":1", whole));
        }
        List<Input> inputs = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String origin = file + ":" + (i + 1);
            try {
                inputs.add(input(origin, mapper.readTree(lines[i])));
            } catch (JsonProcessingException e) {
                inputs.add(new Input(origin, null, null, null, null, "not JSON: " + e.getOriginalMessage()));
            }
        }
        return inputs;
    }

    /** The file as one JSON value (an event written over several lines), or null when it is JSON Lines. */
    private JsonNode parseWhole(String content) {
        try (var parser = mapper.createParser(content)) {
            JsonNode node = mapper.readTree(parser);
            return node != null && parser.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Input input(String origin, JsonNode node) throws JsonProcessingException {
        if (!isRecord(node)) {
            return new Input(origin, null, null, mapper.writeValueAsBytes(node), null, null);
        }
        String topic = node.path("topic").isTextual() ? node.get("topic").textValue() : null;
        RecordCoordinates coordinates = topic == null ? null
                : new RecordCoordinates(topic, node.path("partition").asInt(0), node.path("offset").asLong(-1));
        return new Input(origin, topic, bytesOf(node.get("key")), bytesOf(node.get("value")), coordinates, null);
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
