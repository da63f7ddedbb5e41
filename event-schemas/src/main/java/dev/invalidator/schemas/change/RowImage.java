package dev.invalidator.schemas.change;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One row image (before, after, or the key), column name to decoded value, in the order Debezium sent them. */
public record RowImage(Map<String, ColumnValue> columns) {

    public RowImage {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** The column's value, empty when the image has no such column (which is not the same as SQL NULL). */
    public Optional<ColumnValue> find(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }
}
