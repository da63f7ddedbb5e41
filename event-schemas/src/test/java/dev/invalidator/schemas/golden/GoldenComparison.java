package dev.invalidator.schemas.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.Set;

/**
 * Compares a fresh recording with the committed samples: what legitimately differs between two runs (log positions,
 * transaction ids, timestamps, the engine's run id) is replaced by a marker; everything else, the schemas, row
 * values, ops, keys and headers, must be equal.
 */
final class GoldenComparison {

    static final TextNode VARIES = TextNode.valueOf("<varies>");

    /** Fields of the {@code source} block that hold log positions, ids or clock readings. */
    static final Set<String> VARYING_SOURCE_FIELDS = Set.of(
            "ts_ms", "ts_us", "ts_ns", "lsn", "txId", "xmin", "sequence", "file", "pos", "gtid", "thread");
    /** Top-level fields of change events and transaction markers that are clock readings. */
    static final Set<String> VARYING_ENVELOPE_FIELDS = Set.of("ts_ms", "ts_us", "ts_ns");
    /** Headers whose value differs per engine run. */
    static final Set<String> VARYING_HEADERS = Set.of("__debezium.context.runId");

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenComparison() {
    }

    /**
     * What a record is: the change event's op ({@code c u d r t}), {@code BEGIN} or {@code END} for transaction
     * markers, {@code tombstone} for a null value.
     */
    static String kind(GoldenRecord record) {
        if (record.value() == null) {
            return "tombstone";
        }
        JsonNode payload = payload(parse(record.value()));
        if (payload.hasNonNull("status")) {
            return payload.get("status").asText();
        }
        if (payload.hasNonNull("op")) {
            return payload.get("op").asText();
        }
        return "unknown";
    }

    /** The record with everything that varies between runs replaced by {@link #VARIES}. */
    static JsonNode normalize(GoldenRecord record) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("topic", record.topic());
        n.put("partition", record.partition());
        n.put("offset", record.offset());
        boolean transactionTopic = record.topic().endsWith(".transaction");
        n.set("key", record.key() == null ? null : normalizeKey(parse(record.key()), transactionTopic));
        n.set("value", record.value() == null ? null : normalizeValue(parse(record.value())));
        ObjectNode headers = n.putObject("headers");
        for (Map.Entry<String, String> h : record.headers().entrySet()) {
            if (VARYING_HEADERS.contains(h.getKey())) {
                headers.set(h.getKey(), VARIES);
            } else {
                headers.set(h.getKey(), h.getValue() == null ? null : parse(h.getValue()));
            }
        }
        return n;
    }

    private static JsonNode normalizeKey(JsonNode key, boolean transactionTopic) {
        JsonNode copy = key.deepCopy();
        JsonNode payload = payload(copy);
        if (transactionTopic && payload instanceof ObjectNode p && p.has("id")) {
            p.set("id", VARIES);
        }
        return copy;
    }

    private static JsonNode normalizeValue(JsonNode value) {
        JsonNode copy = value.deepCopy();
        if (!(payload(copy) instanceof ObjectNode p)) {
            return copy;
        }
        mask(p, VARYING_ENVELOPE_FIELDS);
        if (p.has("status")) { // a BEGIN or END marker
            if (p.has("id")) {
                p.set("id", VARIES);
            }
            return copy;
        }
        if (p.get("source") instanceof ObjectNode source) {
            mask(source, VARYING_SOURCE_FIELDS);
        }
        if (p.get("transaction") instanceof ObjectNode tx && tx.has("id")) {
            tx.set("id", VARIES);
        }
        return copy;
    }

    private static void mask(ObjectNode node, Set<String> fields) {
        for (String f : fields) {
            if (node.has(f)) {
                node.set(f, VARIES);
            }
        }
    }

    /** The payload of a JSON-converter envelope with schemas, or the node itself without schemas. */
    static JsonNode payload(JsonNode node) {
        if (node != null && node.isObject() && node.size() == 2 && node.has("schema") && node.has("payload")) {
            return node.get("payload");
        }
        return node;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
