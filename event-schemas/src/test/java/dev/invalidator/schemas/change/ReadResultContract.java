package dev.invalidator.schemas.change;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * What {@link ChangeEventReader#read} promises for any input, checked on one result. Failures are
 * {@link AssertionError}s naming the broken promise, the result and the input.
 */
final class ReadResultContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReadResultContract() {
    }

    /** The contract every result must keep: shape of errors, coordinates passed through, images an op needs. */
    static void check(RecordBytes input, RecordCoordinates passed, ReadResult result) {
        if (result == null) {
            throw violation("read returned null", input, null);
        }
        if (result.coordinates() != passed) {
            throw violation("coordinates are not the ones passed in (" + passed + ")", input, result);
        }
        if (result instanceof ReadError error) {
            checkError(input, error);
        } else if (result instanceof ChangeEvent change) {
            checkChange(input, change);
        } else if (result instanceof TransactionMarker marker) {
            require(marker.status() != null && marker.transactionId() != null && marker.eventsPerTable() != null,
                    "transaction marker without status, id or table counts", input, result);
        }
    }

    private static void checkError(RecordBytes input, ReadError error) {
        require(error.message() != null && !error.message().isBlank(), "error without a message", input, error);
        require(error.path() != null && !error.path().isEmpty(), "error without a path", input, error);
        require(pointsIntoRecord(input, error.path()), "error path leads nowhere in the record", input, error);
        require(!error.describe().isBlank(), "error describes itself as nothing", input, error);
    }

    /**
     * A path names a place in the record: its parent exists (the node itself may be the missing one). Records that
     * a plain parser cannot read are not checked, since the path then names the spot where reading failed.
     */
    private static boolean pointsIntoRecord(RecordBytes input, String path) {
        boolean inKey = path.startsWith("key:");
        byte[] bytes = inKey ? input.key() : input.value();
        JsonNode document = parseOrNull(bytes);
        if (document == null) {
            return true;
        }
        JsonPointer pointer = JsonPointer.compile(inKey ? path.substring("key:".length()) : path);
        JsonPointer parent = pointer.head();
        return parent == null || !document.at(parent).isMissingNode();
    }

    private static void checkChange(RecordBytes input, ChangeEvent change) {
        require(change.table() != null && change.table().table() != null && change.table().topicPrefix() != null,
                "change without a table", input, change);
        require(change.op() != null, "change without an op", input, change);
        require(change.position() != null, "change without a source position", input, change);
        require(change.connector() != null, "change without a connector", input, change);
        switch (change.op()) {
            case CREATE, UPDATE, READ -> require(change.after() != null,
                    "op '" + change.op().code() + "' without an after image", input, change);
            case DELETE -> require(change.before() != null, "delete without a before image", input, change);
            case TRUNCATE -> {
            }
        }
        for (RowImage image : new RowImage[] {change.before(), change.after(), change.key()}) {
            if (image != null) {
                for (Map.Entry<String, ColumnValue> column : image.columns().entrySet()) {
                    require(column.getKey() != null && column.getValue() != null,
                            "column without a name or value", input, change);
                }
            }
        }
    }

    private static JsonNode parseOrNull(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void require(boolean holds, String promise, RecordBytes input, ReadResult result) {
        if (!holds) {
            throw violation(promise, input, result);
        }
    }

    static AssertionError violation(String promise, RecordBytes input, ReadResult result) {
        return new AssertionError(promise + "\n  result: " + result + "\n  input:  " + input);
    }
}
