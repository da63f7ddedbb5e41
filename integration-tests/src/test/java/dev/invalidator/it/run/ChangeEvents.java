package dev.invalidator.it.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debezium change events of the table {@code pg.inv.customers} in the exact JSON Debezium wrote, taken from the golden
 * samples recorded from a real PostgreSQL (event-schemas/src/test/resources/golden/postgres, REPLICA IDENTITY DEFAULT,
 * schemas off): a create, an update without before-image, a delete and its tombstone of customer 1. Many distinct
 * events are made by rewriting the id (and name) in that text.
 */
final class ChangeEvents {

    static final Path GOLDEN = Path.of("../event-schemas/src/test/resources/golden/postgres/"
            + "pg-default-identity-schemas-off.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: key and value as Debezium wrote them; a null value is a tombstone. */
    record Event(String key, String value) {

        byte[] keyBytes() {
            return key.getBytes(StandardCharsets.UTF_8);
        }

        byte[] valueBytes() {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        /** This event with {@code from} replaced by {@code to} in its value, which must contain {@code from}. */
        Event rewrite(String from, String to) {
            return new Event(key, replaceRequired(value, from, to));
        }
    }

    private final List<Event> golden;

    private ChangeEvents(List<Event> golden) {
        this.golden = golden;
    }

    static ChangeEvents load() {
        try {
            List<Event> events = Files.readAllLines(GOLDEN).stream()
                    .filter(line -> !line.isBlank())
                    .map(ChangeEvents::parse)
                    .toList();
            if (events.size() != 4) {
                throw new IllegalStateException(GOLDEN + " holds " + events.size() + " records, expected create, "
                        + "update, delete and tombstone");
            }
            return new ChangeEvents(events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the golden records " + GOLDEN.toAbsolutePath(), e);
        }
    }

    /** Customer {@code id} created. */
    Event create(long id) {
        return withId(golden.get(0), id);
    }

    /** Customer {@code id} created with {@code name}. */
    Event create(long id, String name) {
        return create(id).rewrite("\"name\":\"Ada Lovelace\"", "\"name\":" + quoted(name));
    }

    /** Customer {@code id} updated (no before-image, as under REPLICA IDENTITY DEFAULT). */
    Event update(long id) {
        return withId(golden.get(1), id);
    }

    /** Customer {@code id} deleted (the before-image true for the key only). */
    Event delete(long id) {
        return withId(golden.get(2), id);
    }

    /** The tombstone Debezium writes after customer {@code id}'s delete. */
    Event tombstone(long id) {
        Event tombstone = golden.get(3);
        return new Event(replaceRequired(tombstone.key(), "{\"id\":1}", "{\"id\":" + id + "}"), null);
    }

    private static Event withId(Event event, long id) {
        // The key and the row images; "txId" and other fields ending in "id" are left alone by the leading quote.
        return new Event(replaceRequired(event.key(), "{\"id\":1}", "{\"id\":" + id + "}"),
                replaceRequired(event.value(), "\"id\":1,", "\"id\":" + id + ","));
    }

    private static String replaceRequired(String text, String from, String to) {
        if (text == null || !text.contains(from)) {
            throw new IllegalArgumentException("'" + from + "' is not in the golden record " + text);
        }
        return text.replace(from, to);
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Event parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode value = node.get("value");
            return new Event(node.get("key").asText(), value == null || value.isNull() ? null : value.asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the golden line " + line, e);
        }
    }
}
