package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the parts of an envelope that describe where a change came from, rather than the row itself. */
final class SourceBlockReader {

    TableId tableId(JsonNode source, String path) throws MalformedRecordException {
        return new TableId(
                Json.text(source, "name", path),
                Json.optionalText(source, "db", path),
                Json.optionalText(source, "schema", path),
                Json.text(source, "table", path));
    }

    SourcePosition position(JsonNode source, String path) throws MalformedRecordException {
        String connector = Json.text(source, "connector", path);
        return switch (connector) {
            case "postgresql" -> new SourcePosition.Postgres(
                    Json.longValue(source, "lsn", path),
                    Json.optionalLong(source, "txId", path));
            case "mysql", "mariadb" -> binlogPosition(source, path);
            default -> new SourcePosition.Unknown(connector);
        };
    }

    private static SourcePosition binlogPosition(JsonNode source, String path) throws MalformedRecordException {
        Long row = Json.optionalLong(source, "row", path);
        if (row != null && (row < 0 || row > Integer.MAX_VALUE)) {
            throw new MalformedRecordException(path + "/row", "'row' must be a non-negative 32-bit integer, found " + row);
        }
        Long serverId = Json.optionalLong(source, "server_id", path);
        return new SourcePosition.Binlog(
                Json.text(source, "file", path),
                Json.longValue(source, "pos", path),
                row == null ? 0 : row.intValue(),
                Json.optionalText(source, "gtid", path),
                serverId == null ? 0 : serverId);
    }

    /** Debezium writes {@code snapshot} as "true", "first", "last", "incremental", ... or "false"; older versions as a boolean. */
    boolean snapshot(JsonNode source, String path) throws MalformedRecordException {
        JsonNode node = source.get("snapshot");
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (!node.isTextual()) {
            throw new MalformedRecordException(path + "/snapshot",
                    "'snapshot' must be a string or boolean, found " + Json.describe(node));
        }
        return !node.textValue().equals("false");
    }

    /** The database's commit time: the finest of {@code ts_ns}, {@code ts_us}, {@code ts_ms} present. */
    Instant commitTime(JsonNode source, String path) throws MalformedRecordException {
        return finestTimestamp(source, path);
    }

    /** When Debezium processed the event: {@code ts_ns}, {@code ts_us} or {@code ts_ms} of the payload. */
    Instant processedAt(JsonNode payload, String path) throws MalformedRecordException {
        return finestTimestamp(payload, path);
    }

    private static Instant finestTimestamp(JsonNode node, String path) throws MalformedRecordException {
        return finestTimestamp(node, path, "ts_ns", "ts_us", "ts_ms");
    }

    /** The finest of three epoch timestamp fields present (nanoseconds, microseconds, milliseconds); null if none. */
    static Instant finestTimestamp(JsonNode node, String path, String nanosField, String microsField, String millisField)
            throws MalformedRecordException {
        Long nanos = Json.optionalLong(node, nanosField, path);
        if (nanos != null) {
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
        Long micros = Json.optionalLong(node, microsField, path);
        if (micros != null) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
        Long millis = Json.optionalLong(node, millisField, path);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    TransactionRef transaction(JsonNode payload, String path) throws MalformedRecordException {
        JsonNode block = Json.optionalObject(payload, "transaction", path);
        if (block == null) {
            return null;
        }
        String blockPath = path + "/transaction";
        return new TransactionRef(
                Json.text(block, "id", blockPath),
                Json.longValue(block, "total_order", blockPath),
                Json.longValue(block, "data_collection_order", blockPath));
    }

    TransactionMarker transactionMarker(JsonNode payload, String path, RecordCoordinates coordinates)
            throws MalformedRecordException {
        String statusText = Json.text(payload, "status", path);
        TransactionMarker.Status status = switch (statusText) {
            case "BEGIN" -> TransactionMarker.Status.BEGIN;
            case "END" -> TransactionMarker.Status.END;
            default -> throw new MalformedRecordException(path + "/status",
                    "unknown transaction status '" + statusText + "' (expected BEGIN or END)");
        };
        Long eventCount = Json.optionalLong(payload, "event_count", path);
        return new TransactionMarker(
                status,
                Json.text(payload, "id", path),
                eventCount == null ? 0 : eventCount,
                eventsPerTable(payload, path),
                finestTimestamp(payload, path),
                coordinates);
    }

    private static Map<String, Long> eventsPerTable(JsonNode payload, String path) throws MalformedRecordException {
        JsonNode collections = payload.get("data_collections");
        if (collections == null || collections.isNull()) {
            return Map.of();
        }
        String listPath = path + "/data_collections";
        if (!collections.isArray()) {
            throw new MalformedRecordException(listPath,
                    "'data_collections' must be an array, found " + Json.describe(collections));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < collections.size(); i++) {
            JsonNode entry = collections.get(i);
            String entryPath = listPath + "/" + i;
            if (!entry.isObject()) {
                throw new MalformedRecordException(entryPath, "entry must be an object, found " + Json.describe(entry));
            }
            counts.put(Json.text(entry, "data_collection", entryPath), Json.longValue(entry, "event_count", entryPath));
        }
        return counts;
    }
}
