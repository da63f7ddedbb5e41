package dev.invalidator.rules.template;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Change events shaped as Debezium sends them, for template tests. */
final class Events {

    static final TableId PRODUCTS = new TableId("shop", "shop", "public", "products");

    private Events() {
    }

    /**
     * A row image from name/value pairs: a {@link ColumnValue} as is, a {@link String} as text, a {@link Number} as
     * an integer, null as SQL NULL.
     */
    static RowImage row(Object... namesAndValues) {
        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.put((String) namesAndValues[i], value(namesAndValues[i + 1]));
        }
        return new RowImage(columns);
    }

    private static ColumnValue value(Object value) {
        if (value == null) {
            return new ColumnValue.Null();
        }
        if (value instanceof ColumnValue column) {
            return column;
        }
        if (value instanceof String text) {
            return new ColumnValue.Text(text);
        }
        return new ColumnValue.Int(((Number) value).longValue());
    }

    static ChangeEvent create(RowImage key, RowImage after) {
        return event(Operation.CREATE, key, null, after);
    }

    static ChangeEvent read(RowImage key, RowImage after) {
        return event(Operation.READ, key, null, after);
    }

    static ChangeEvent update(RowImage key, RowImage before, RowImage after) {
        return event(Operation.UPDATE, key, before, after);
    }

    static ChangeEvent delete(RowImage key, RowImage before) {
        return event(Operation.DELETE, key, before, null);
    }

    static ChangeEvent truncate() {
        return event(Operation.TRUNCATE, null, null, null);
    }

    static ChangeEvent event(Operation op, RowImage key, RowImage before, RowImage after) {
        return new ChangeEvent(PRODUCTS, op, before, after, key, "postgresql", new SourcePosition.Postgres(1L, 1L),
                false, null, null, null, null);
    }
}
