package dev.invalidator.rules.condition;

import dev.cel.common.values.NullValue;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.RowImage;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns decoded column values into the values CEL computes with.
 *
 * <ul>
 *   <li>{@code Int} → int; {@code Bool} → bool; {@code Text} → string.</li>
 *   <li>{@code Decimal} → double. CEL has no decimal type; a double compares naturally with literals written either
 *       way ({@code after.price > 100}, {@code after.price == 12.5}). Beyond about 15 significant digits the
 *       comparison is approximate; cache keys still use the exact text.</li>
 *   <li>{@code Uuid}, {@code Date}, {@code Time}, {@code Timestamp}, {@code ZonedTimestamp}, {@code Other} → string,
 *       exactly as rendered into cache keys, so a condition and a key template see the same text. CEL's
 *       {@code timestamp(...)} turns an RFC 3339 string into a timestamp when instants must be compared.</li>
 *   <li>{@code Null} → null.</li>
 *   <li>{@code Unavailable} and {@code Undecodable} → left out of the map: their value is unknown, and any stand-in
 *       would let {@code !=} succeed silently. Reading one is an evaluation error; {@code has(after.col)} is
 *       false.</li>
 * </ul>
 */
final class CelValues {

    private CelValues() {
    }

    /** The CEL value of a column, or null when its value is unknown (unavailable or undecodable). */
    static Object of(ColumnValue value) {
        if (value instanceof ColumnValue.Int v) {
            return v.value();
        }
        if (value instanceof ColumnValue.Text v) {
            return v.value();
        }
        if (value instanceof ColumnValue.Decimal v) {
            return v.value().doubleValue();
        }
        if (value instanceof ColumnValue.Bool v) {
            return v.value();
        }
        if (value instanceof ColumnValue.Null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof ColumnValue.Known known) {
            return known.render();
        }
        return null;
    }

    /** Whether a column is in the CEL map: present, and neither unavailable nor undecodable. */
    static boolean isReadable(ColumnValue value) {
        return value != null && !(value instanceof ColumnValue.Unavailable) && !(value instanceof ColumnValue.Undecodable);
    }

    /** The readable columns as a CEL map, all converted; unavailable and undecodable columns are left out. */
    static Map<String, Object> row(Map<String, ColumnValue> columns) {
        Map<String, Object> row = new HashMap<>(capacityFor(columns.size()));
        for (Map.Entry<String, ColumnValue> column : columns.entrySet()) {
            Object value = of(column.getValue());
            if (value != null) {
                row.put(column.getKey(), value);
            }
        }
        return row;
    }

    /** A row that no longer or not yet exists: every column the event names, each null. */
    static Map<String, Object> nullRow(Collection<RowImage> imagesNamingColumns) {
        Map<String, Object> row = new HashMap<>();
        for (RowImage image : imagesNamingColumns) {
            for (String column : image.columns().keySet()) {
                row.put(column, NullValue.NULL_VALUE);
            }
        }
        return row;
    }

    static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }
}
