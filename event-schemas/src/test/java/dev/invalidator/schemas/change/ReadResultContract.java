package dev.invalidator.schemas.change;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@link ChangeEventReader#read} promises for any input, checked on one result. Failures are
 * {@link AssertionError}s naming the broken promise, the result and the input.
 */
final class ReadResultContract {

    /** A JSON pointer into the value, or into the key behind the {@code key:} prefix the reader uses for key faults. */
    private static final Pattern POINTER = Pattern.compile("^(key:)?/.*");

    /** Longest rendering a cache key could sensibly be built from. */
    static final int MAX_RENDERED_LENGTH = 1 << 20;

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

    /**
     * Beyond the reader's own promises, what its callers rely on: every {@link ColumnValue.Known} value renders to a
     * cache-key-sized text without throwing. Decimals are sized before rendering, so that a check of a value that
     * would render to gigabytes does not itself take the JVM down.
     */
    static void checkRenderable(RecordBytes input, ReadResult result) {
        if (!(result instanceof ChangeEvent change)) {
            return;
        }
        for (RowImage image : new RowImage[] {change.before(), change.after(), change.key()}) {
            if (image == null) {
                continue;
            }
            for (Map.Entry<String, ColumnValue> column : image.columns().entrySet()) {
                if (column.getValue() instanceof ColumnValue.Known known) {
                    String problem = renderProblem(known);
                    if (problem != null) {
                        throw violation("column '" + column.getKey() + "' " + problem, input, result);
                    }
                }
            }
        }
    }

    /**
     * An error path is a pointer as the reader writes them: {@code /} and below for the value, {@code key:/} and
     * below for the key. An error caused by the key alone says so: when the value read on its own is fine, the
     * path points into the key.
     */
    static void checkBlame(ChangeEventReader reader, RecordBytes input, ReadResult result) {
        if (!(result instanceof ReadError error)) {
            return;
        }
        require(POINTER.matcher(error.path()).matches(), "error path is not a JSON pointer", input, error);
        if (!(reader.read(null, input.value()) instanceof ReadError) && !error.path().startsWith("key:")) {
            throw violation("the value alone reads fine, yet the error points into the value", input, result);
        }
    }

    /**
     * JSON travels as UTF-8 (RFC 8259); bytes that are not UTF-8 are a malformed record. A lenient decoder turns
     * overlong forms into ordinary characters ({@code C0 AF} becomes {@code /}) and out-of-range sequences into lone
     * surrogates, which then reach cache keys.
     */
    static void checkUtf8(RecordBytes input, ReadResult result) {
        if (!(result instanceof ReadError) && (!RecordBytes.isUtf8(input.key()) || !RecordBytes.isUtf8(input.value()))) {
            throw violation("bytes that are not UTF-8 were read as a record", input, result);
        }
    }

    /** Why the value cannot be rendered, or null when it can. */
    static String renderProblem(ColumnValue.Known known) {
        if (known instanceof ColumnValue.Decimal decimal) {
            BigDecimal value = decimal.value();
            long plainLength = value.precision() + Math.abs((long) value.scale()) + 2;
            if (plainLength > MAX_RENDERED_LENGTH) {
                return "is a decimal of scale " + value.scale() + " whose plain rendering would take " + plainLength
                        + " characters";
            }
        }
        try {
            String rendered = known.render();
            if (rendered == null) {
                return "renders as null";
            }
            return rendered.length() > MAX_RENDERED_LENGTH ? "renders to " + rendered.length() + " characters" : null;
        } catch (RuntimeException e) {
            return "fails to render: " + e;
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
