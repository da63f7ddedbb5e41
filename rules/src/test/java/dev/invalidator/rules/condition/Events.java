package dev.invalidator.rules.condition;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Change events of a {@code shop.public.products} table, built the way the reader decodes them. */
final class Events {

    static final TableId PRODUCTS = new TableId("shop", "shop", "public", "products");
    static final SourcePosition POSITION = new SourcePosition.Postgres(0x16B3748L, 771L);

    private Events() {
    }

    static ChangeEvent update(RowImage before, RowImage after) {
        return event(Operation.UPDATE, before, after);
    }

    static ChangeEvent create(RowImage after) {
        return event(Operation.CREATE, null, after);
    }

    static ChangeEvent delete(RowImage before) {
        return event(Operation.DELETE, before, null);
    }

    static ChangeEvent event(Operation op, RowImage before, RowImage after) {
        RowImage key = row("id", 7L);
        return new ChangeEvent(PRODUCTS, op, before, after, op == Operation.TRUNCATE ? null : key, "postgresql",
                POSITION, false, Instant.parse("2026-11-25T10:15:30Z"), null, null, null);
    }

    /** A product row, as a map whose values may be plain Java values, or ColumnValues for the special ones. */
    static RowImage product(long id, String status, String price, long categoryId) {
        return row("id", id, "sku", "A-" + id, "status", status, "price", new BigDecimal(price),
                "category_id", categoryId, "deleted_at", null);
    }

    /** A row from name/value pairs: Long → Int, String → Text, BigDecimal → Decimal, Boolean → Bool, null → Null. */
    static RowImage row(Object... namesAndValues) {
        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.put((String) namesAndValues[i], value(namesAndValues[i + 1]));
        }
        return new RowImage(columns);
    }

    /** The same row with some columns replaced, e.g. {@code with(row, "price", new BigDecimal("12"))}. */
    static RowImage with(RowImage image, Object... namesAndValues) {
        Map<String, ColumnValue> columns = new LinkedHashMap<>(image.columns());
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
        if (value instanceof Long number) {
            return new ColumnValue.Int(number);
        }
        if (value instanceof Integer number) {
            return new ColumnValue.Int(number);
        }
        if (value instanceof String text) {
            return new ColumnValue.Text(text);
        }
        if (value instanceof BigDecimal decimal) {
            return new ColumnValue.Decimal(decimal);
        }
        if (value instanceof Boolean bool) {
            return new ColumnValue.Bool(bool);
        }
        throw new IllegalArgumentException("no column value for " + value.getClass());
    }
}
