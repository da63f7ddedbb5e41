package dev.invalidator.schemas.change;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Debezium's JSON change events, with or without the {@code schema}/{@code payload} envelope, exactly as the
 * JsonConverter writes them, and the flat records of the {@code ExtractNewRecordState} transform.
 *
 * <pre>{@code
 * ChangeEventReader reader = ChangeEventReader.builder().build();
 * ReadResult result = reader.read(record.key(), record.value(), new RecordCoordinates(topic, partition, offset));
 * if (result instanceof ChangeEvent change) {
 *     plan(change);
 * } else if (result instanceof ReadError error) {
 *     deadLetter(record, error.describe());
 * } // Tombstone and TransactionMarker carry no row change
 * }</pre>
 *
 * <p>Malformed input of any kind comes back as a {@link ReadError}; {@code read} does not throw for bad data.
 * A reader holds no state between records and is safe to share between threads.
 */
public final class ChangeEventReader {

    /** Debezium's default {@code unavailable.value.placeholder}. */
    public static final String DEFAULT_UNAVAILABLE_PLACEHOLDER = "__debezium_unavailable_value";

    private static final int MAX_NESTING_DEPTH = 64;

    private final ObjectMapper mapper;
    private final ValueDecoder values;
    private final SourceBlockReader sources;
    private final FlattenedEventReader flattened;
    private final Map<String, Map<String, JsonNode>> declaredColumnSchemas;

    private ChangeEventReader(Builder builder) {
        // Debezium envelopes nest a few levels deep; anything far deeper is hostile or broken, and stopping early
        // keeps a crafted record from costing stack or time.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        this.mapper = new ObjectMapper(factory);
        this.values = new ValueDecoder(builder.unavailablePlaceholder);
        this.sources = new SourceBlockReader();
        this.flattened = new FlattenedEventReader(values);
        Map<String, Map<String, JsonNode>> copy = new HashMap<>();
        builder.columnSchemas.forEach((table, columns) -> copy.put(table, Map.copyOf(columns)));
        this.declaredColumnSchemas = Map.copyOf(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads one record whose origin is unknown; errors will not name a topic, partition or offset. */
    public ReadResult read(byte[] key, byte[] value) {
        return read(key, value, null);
    }

    /**
     * Reads one record.
     *
     * @param key         the record key bytes, or null
     * @param value       the record value bytes; null for a tombstone
     * @param coordinates where the record was read from, named in errors; may be null
     */
    public ReadResult read(byte[] key, byte[] value, RecordCoordinates coordinates) {
        try {
            return decode(key, value, coordinates);
        } catch (MalformedRecordException e) {
            return new ReadError(e.getMessage(), e.path(), coordinates);
        }
    }

    private ReadResult decode(byte[] keyBytes, byte[] valueBytes, RecordCoordinates coordinates)
            throws MalformedRecordException {
        JsonNode valueRoot = parse(valueBytes, "value");
        Envelope value = valueRoot == null ? null : Envelope.of(valueRoot, "");
        if (value == null || value.payload().isNull()) {
            return new Tombstone(readKey(keyBytes), coordinates);
        }
        JsonNode payload = value.payload();
        if (!payload.isObject()) {
            throw new MalformedRecordException(pointer("value", value.path()),
                    "record value must be a JSON object, found " + Json.describe(payload));
        }
        if (!payload.has("op") && payload.has("status")) {
            // The marker's key only repeats its id, but a key that does not read means a damaged record all the same.
            readKey(keyBytes);
            return sources.transactionMarker(payload, value.path(), coordinates);
        }
        if (FlattenedEventReader.isFlattened(payload)) {
            return flattened.read(payload, value, readKey(keyBytes), coordinates, declaredColumnSchemas);
        }
        return changeEvent(payload, value, readKey(keyBytes), coordinates);
    }

    private ChangeEvent changeEvent(JsonNode payload, Envelope envelope, RowImage key, RecordCoordinates coordinates)
            throws MalformedRecordException {
        String path = envelope.path();
        if (!payload.has("op") && !payload.has("source")) {
            throw new MalformedRecordException(path.isEmpty() ? "/" : path, "not a Debezium change event: no 'op' and no "
                    + "'source' (a flattened event needs 'op' in the ExtractNewRecordState transform's add.fields)");
        }
        String opCode = Json.text(payload, "op", path);
        Operation op = Operation.fromCode(opCode).orElseThrow(() -> new MalformedRecordException(path + "/op",
                "unknown op '" + opCode + "' (expected one of c, u, d, r, t)"));
        JsonNode source = Json.object(payload, "source", path);
        TableId table = sources.tableId(source, path + "/source");

        Map<String, JsonNode> beforeSchemas = envelope.structFieldSchemas("before");
        Map<String, JsonNode> afterSchemas = envelope.structFieldSchemas("after");
        Map<String, JsonNode> declared = declaredSchemas(declaredColumnSchemas, table);
        RowImage before = rowImage(Json.optionalObject(payload, "before", path), beforeSchemas, declared);
        RowImage after = rowImage(Json.optionalObject(payload, "after", path), afterSchemas, declared);
        requireImagesFor(op, before, after, path);

        return new ChangeEvent(
                table,
                op,
                before,
                after,
                key,
                Json.text(source, "connector", path + "/source"),
                sources.position(source, path + "/source"),
                sources.snapshot(source, path + "/source"),
                sources.commitTime(source, path + "/source"),
                sources.processedAt(payload, path),
                sources.transaction(payload, path),
                coordinates);
    }

    private static void requireImagesFor(Operation op, RowImage before, RowImage after, String path)
            throws MalformedRecordException {
        boolean afterRequired = op == Operation.CREATE || op == Operation.READ || op == Operation.UPDATE;
        if (afterRequired && after == null) {
            throw new MalformedRecordException(path + "/after", "op '" + op.code() + "' needs an 'after' image");
        }
        if (op == Operation.DELETE && before == null) {
            throw new MalformedRecordException(path + "/before", "op 'd' needs a 'before' image");
        }
    }

    private RowImage readKey(byte[] keyBytes) throws MalformedRecordException {
        JsonNode root = parse(keyBytes, "key");
        if (root == null) {
            return null;
        }
        Envelope key = Envelope.of(root, "");
        if (key.payload().isNull()) {
            return null;
        }
        if (!key.payload().isObject()) {
            throw new MalformedRecordException(pointer("key", key.path()),
                    "record key must be a JSON object, found " + Json.describe(key.payload()));
        }
        return rowImage(key.payload(), key.rootFieldSchemas(), Map.of());
    }

    private RowImage rowImage(JsonNode row, Map<String, JsonNode> schemas, Map<String, JsonNode> declared) {
        if (row == null) {
            return null;
        }
        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            JsonNode schema = schemas.isEmpty() ? declared.get(field.getKey()) : schemas.get(field.getKey());
            columns.put(field.getKey(), values.decode(field.getValue(), schema));
        }
        return new RowImage(columns);
    }

    /**
     * The column schemas declared for a table. Most readers declare none, and then the table's name is not even
     * built: this runs for every event.
     */
    static Map<String, JsonNode> declaredSchemas(Map<String, Map<String, JsonNode>> declared, TableId table) {
        return declared.isEmpty() ? Map.of() : declared.getOrDefault(table.qualifiedName(), Map.of());
    }

    /** Null for absent bytes; a parse failure is a malformed record. */
    private JsonNode parse(byte[] bytes, String what) throws MalformedRecordException {
        if (bytes == null) {
            return null;
        }
        String whole = pointer(what, "");
        if (bytes.length == 0) {
            throw new MalformedRecordException(whole, "record " + what + " is empty");
        }
        int invalid = Utf8.firstInvalidByte(bytes);
        if (invalid >= 0) {
            throw new MalformedRecordException(whole, "record " + what + " is not valid UTF-8 (at byte " + invalid + ")");
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new MalformedRecordException(whole, "record " + what + " holds no JSON value");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedRecordException(whole, "record " + what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * A JSON pointer into the key or the value. Key pointers carry a {@code key:} prefix so a dead-letter reader
     * knows which half of the record is at fault.
     */
    private static String pointer(String what, String path) {
        String inside = path.isEmpty() ? "/" : path;
        return what.equals("key") ? "key:" + inside : inside;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Configures a {@link ChangeEventReader}. */
    public static final class Builder {

        private String unavailablePlaceholder = DEFAULT_UNAVAILABLE_PLACEHOLDER;
        private final Map<String, Map<String, JsonNode>> columnSchemas = new HashMap<>();
        private final ObjectMapper schemaParser = new ObjectMapper();

        private Builder() {
        }

        /** The connector's {@code unavailable.value.placeholder}, when it is not Debezium's default. */
        public Builder unavailablePlaceholder(String placeholder) {
            Objects.requireNonNull(placeholder, "placeholder");
            if (placeholder.isEmpty()) {
                throw new IllegalArgumentException("unavailable placeholder must not be empty");
            }
            this.unavailablePlaceholder = placeholder;
            return this;
        }

        /**
         * Declares the Connect schema of one column, for events that arrive without schemas
         * ({@code schemas.enable=false}), where the JSON alone cannot tell a date from a day count or a precise
         * decimal from text. Events that carry a schema use their own.
         *
         * @param table      the qualified table name, {@code prefix.schema.table}
         * @param column     the column name
         * @param schemaJson the field schema as Debezium writes it, e.g.
         *                   {@code {"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}}
         */
        public Builder columnSchema(String table, String column, String schemaJson) {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            JsonNode schema;
            try {
                schema = schemaParser.readTree(schemaJson);
            } catch (IOException e) {
                throw new IllegalArgumentException("column schema for " + table + "." + column
                        + " is not valid JSON: " + firstLine(e.getMessage()), e);
            }
            if (schema == null || !schema.isObject() || !schema.path("type").isTextual()) {
                throw new IllegalArgumentException("column schema for " + table + "." + column
                        + " must be an object with a 'type', e.g. {\"type\":\"int32\",\"name\":\"io.debezium.time.Date\"}");
            }
            columnSchemas.computeIfAbsent(table, t -> new HashMap<>()).put(column, schema);
            return this;
        }

        public ChangeEventReader build() {
            return new ChangeEventReader(this);
        }
    }
}
