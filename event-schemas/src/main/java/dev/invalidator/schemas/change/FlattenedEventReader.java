package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the flat records that Debezium's {@code ExtractNewRecordState} transform writes: the row's columns at the
 * top level, and the metadata its {@code add.fields} option copies in with the {@code __} prefix
 * ({@code __op}, {@code __table}, {@code __db}, {@code __schema}, {@code __name}, {@code __lsn}, {@code __txId},
 * {@code __file}, {@code __pos}, {@code __gtid}, {@code __source_ts_ms}, {@code __ts_ms}, ...). Deletes rewritten by
 * {@code delete.tombstone.handling.mode=rewrite} carry the deleted row and {@code __deleted: "true"}.
 *
 * <p>A flat record has no before image: creates, reads and updates carry the row after the change, deletes the row
 * that was deleted. The op must be known, from {@code __op} or {@code __deleted}; where the transform was not
 * told to add it, guessing create versus update would fire the wrong rules, so the record is refused.
 * Where {@code __table} is absent the table comes from the topic name ({@code prefix.schema.table}).
 */
final class FlattenedEventReader {

    static final String PREFIX = "__";

    private final ValueDecoder values;

    FlattenedEventReader(ValueDecoder values) {
        this.values = values;
    }

    /** Flat records are recognised by the metadata the transform adds; a plain row is not a change event. */
    static boolean isFlattened(JsonNode payload) {
        return !payload.has("source") && (payload.has("__op") || payload.has("__deleted"));
    }

    ChangeEvent read(JsonNode payload, Envelope envelope, RowImage key, RecordCoordinates coordinates,
                     Map<String, Map<String, JsonNode>> declaredColumnSchemas) throws MalformedRecordException {
        String path = envelope.path();
        Operation op = operation(payload, path);
        TableId table = table(payload, path, coordinates);
        Map<String, JsonNode> schemas = envelope.rootFieldSchemas();
        Map<String, JsonNode> declared = ChangeEventReader.declaredSchemas(declaredColumnSchemas, table);

        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : payload.properties()) {
            String name = field.getKey();
            if (name.startsWith(PREFIX)) {
                continue;
            }
            JsonNode schema = schemas.isEmpty() ? declared.get(name) : schemas.get(name);
            columns.put(name, values.decode(field.getValue(), schema));
        }
        RowImage row = new RowImage(columns);
        boolean deleted = op == Operation.DELETE;
        String connector = Json.optionalText(payload, "__connector", path);
        return new ChangeEvent(
                table,
                op,
                deleted ? row : null,
                deleted || op == Operation.TRUNCATE ? null : row,
                key,
                connector,
                position(payload, path, connector),
                snapshot(payload),
                SourceBlockReader.finestTimestamp(payload, path, "__source_ts_ns", "__source_ts_us", "__source_ts_ms"),
                SourceBlockReader.finestTimestamp(payload, path, "__ts_ns", "__ts_us", "__ts_ms"),
                null,
                coordinates);
    }

    private static Operation operation(JsonNode payload, String path) throws MalformedRecordException {
        String deleted = textOf(payload.get("__deleted"));
        String code = Json.optionalText(payload, "__op", path);
        if (code == null) {
            if ("true".equals(deleted)) {
                return Operation.DELETE;
            }
            throw new MalformedRecordException(path + "/__op",
                    "flattened event without '__op': add 'op' to the ExtractNewRecordState transform's add.fields");
        }
        return Operation.fromCode(code).orElseThrow(() -> new MalformedRecordException(path + "/__op",
                "unknown op '" + code + "' (expected one of c, u, d, r, t)"));
    }

    private static TableId table(JsonNode payload, String path, RecordCoordinates coordinates)
            throws MalformedRecordException {
        String table = Json.optionalText(payload, "__table", path);
        if (table != null) {
            String prefix = Json.optionalText(payload, "__name", path);
            String database = Json.optionalText(payload, "__db", path);
            String schema = Json.optionalText(payload, "__schema", path);
            if (prefix == null && coordinates != null) {
                prefix = coordinates.topic().split("\\.", 2)[0];
            }
            if (prefix == null) {
                throw new MalformedRecordException(path + "/__name",
                        "flattened event names no topic prefix: add 'name' to the transform's add.fields");
            }
            return new TableId(prefix, database, schema, table);
        }
        if (coordinates == null) {
            throw new MalformedRecordException(path + "/__table",
                    "flattened event without '__table' and no topic to take the table from: "
                            + "add 'table' to the transform's add.fields");
        }
        String[] parts = coordinates.topic().split("\\.");
        if (parts.length != 3) {
            throw new MalformedRecordException(path + "/__table", "flattened event without '__table', and topic '"
                    + coordinates.topic() + "' is not <prefix>.<schema>.<table>");
        }
        return new TableId(parts[0], null, parts[1], parts[2]);
    }

    private static SourcePosition position(JsonNode payload, String path, String connector)
            throws MalformedRecordException {
        Long lsn = Json.optionalLong(payload, "__lsn", path);
        if (lsn != null) {
            return new SourcePosition.Postgres(lsn, Json.optionalLong(payload, "__txId", path));
        }
        String file = Json.optionalText(payload, "__file", path);
        Long pos = Json.optionalLong(payload, "__pos", path);
        if (file != null && pos != null) {
            Long row = Json.optionalLong(payload, "__row", path);
            Long serverId = Json.optionalLong(payload, "__server_id", path);
            return new SourcePosition.Binlog(file, pos, row == null ? 0 : (int) Math.max(0, Math.min(row, Integer.MAX_VALUE)),
                    Json.optionalText(payload, "__gtid", path), serverId == null ? 0 : serverId);
        }
        return new SourcePosition.Unknown(connector == null ? "unknown" : connector);
    }

    private static boolean snapshot(JsonNode payload) {
        String value = textOf(payload.get("__snapshot"));
        return value != null && !value.equals("false");
    }

    private static String textOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : null;
    }
}
