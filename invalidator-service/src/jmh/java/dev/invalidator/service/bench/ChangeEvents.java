package dev.invalidator.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Distinct Debezium change events made from one captured update: the golden record with its row id (in the key and
 * in {@code after}) replaced, so that event {@code n} is an update of row {@code n}, byte for byte what the connector
 * would write but for the id.
 */
final class ChangeEvents {

    // A number no golden record holds, replaced by each event's id.
    private static final long MARKER = 987_654_321_987_654_321L;

    private final IdTemplate key;
    private final IdTemplate value;
    private final String table;

    private ChangeEvents(IdTemplate key, IdTemplate value, String table) {
        this.key = key;
        this.value = value;
        this.table = table;
    }

    /**
     * Events made from the first update ({@code "op":"u"}) in a file of golden records, one JSON object a line with
     * {@code key} and {@code value} as text.
     *
     * @throws IllegalArgumentException naming the file when it holds no update with an {@code after.id}
     */
    static ChangeEvents fromGolden(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden records from " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode line = mapper.readTree(lines.get(i));
                JsonNode valueText = line.path("value");
                if (!valueText.isTextual()) {
                    continue;
                }
                JsonNode value = mapper.readTree(valueText.asText());
                JsonNode payload = value.has("payload") ? value.get("payload") : value;
                if (!"u".equals(payload.path("op").asText()) || !payload.path("after").path("id").isNumber()) {
                    continue;
                }
                ((ObjectNode) payload.get("after")).put("id", MARKER);
                JsonNode key = mapper.readTree(line.path("key").asText());
                JsonNode keyPayload = key.has("payload") ? key.get("payload") : key;
                if (!keyPayload.path("id").isNumber()) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": the update's key has no id");
                }
                ((ObjectNode) keyPayload).put("id", MARKER);
                JsonNode source = payload.path("source");
                String table = source.path("name").asText() + "." + source.path("schema").asText() + "."
                        + source.path("table").asText();
                return new ChangeEvents(IdTemplate.of(mapper.writeValueAsString(key)),
                        IdTemplate.of(mapper.writeValueAsString(value)), table);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a golden record: "
                        + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(file + " holds no update event with a numeric after.id");
    }

    /** The record key of the update of row {@code id}. */
    byte[] key(long id) {
        return key.with(id);
    }

    /** The record value of the update of row {@code id}. */
    byte[] value(long id) {
        return value.with(id);
    }

    /** The captured table, as rules name it: {@code <topic prefix>.<schema>.<table>}. */
    String table() {
        return table;
    }

    /** A JSON text split around the one place the marker id stands. */
    private static final class IdTemplate {

        private final byte[] before;
        private final byte[] after;

        private IdTemplate(byte[] before, byte[] after) {
            this.before = before;
            this.after = after;
        }

        static IdTemplate of(String json) {
            String marker = Long.toString(MARKER);
            int at = json.indexOf(marker);
            if (at < 0 || json.indexOf(marker, at + 1) >= 0) {
                throw new IllegalStateException("the id marker must appear once in " + json);
            }
            return new IdTemplate(json.substring(0, at).getBytes(StandardCharsets.UTF_8),
                    json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        }

        byte[] with(long id) {
            byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[before.length + digits.length + after.length];
            System.arraycopy(before, 0, out, 0, before.length);
            System.arraycopy(digits, 0, out, before.length, digits.length);
            System.arraycopy(after, 0, out, before.length + digits.length, after.length);
            return out;
        }
    }
}
