package dev.invalidator.rules.condition;

import dev.invalidator.schemas.change.ColumnValue;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A row image as the CEL map a condition reads, converting a column only when the condition reads it: a condition
 * reads one or two columns of rows that often have dozens, and some conversions (timestamps to text) cost more
 * than the comparison. Unreadable columns (unavailable, undecodable) are not in the map. The whole map is built
 * only when a condition uses the row as a whole ({@code size(after)}, {@code before == after}).
 */
final class RowView extends AbstractMap<String, Object> {

    private final Map<String, ColumnValue> columns;
    private Map<String, Object> whole;

    RowView(Map<String, ColumnValue> columns) {
        this.columns = columns;
    }

    @Override
    public Object get(Object column) {
        ColumnValue value = columns.get(column);
        return value == null ? null : CelValues.of(value);
    }

    @Override
    public boolean containsKey(Object column) {
        return CelValues.isReadable(columns.get(column));
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        if (whole == null) {
            whole = CelValues.row(columns);
        }
        return whole.entrySet();
    }
}
