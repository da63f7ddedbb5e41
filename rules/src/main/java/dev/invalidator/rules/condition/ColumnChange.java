package dev.invalidator.rules.condition;

import dev.cel.runtime.CelEvaluationException;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import java.util.Set;

/**
 * What {@code changed('col')} answers for one event. Invalidating too much is harmless and too little serves stale
 * data, so whenever the answer is not known the column counts as changed, with one exception that PostgreSQL
 * guarantees: it leaves out a TOAST value only when the value did not change.
 */
final class ColumnChange {

    private ColumnChange() {
    }

    /**
     * @param untrustedBeforeColumns before-image columns that hold filler (shown as unavailable): their old value is
     *                               unknown, so they count as changed
     */
    static boolean changed(ChangeEvent event, String column, Set<String> untrustedBeforeColumns)
            throws CelEvaluationException {
        RowImage before = event.before();
        RowImage after = event.after();
        if (event.op() != Operation.UPDATE) {
            // A create, snapshot read, delete or truncate makes or removes the whole row: every column changed.
            // The image the event does carry must still know the column, so a misspelt name is caught.
            RowImage present = after != null ? after : before;
            if (present != null && !present.has(column)) {
                throw noSuchColumn(column);
            }
            return true;
        }
        ColumnValue now = after == null ? null : after.columns().get(column);
        if (now instanceof ColumnValue.Unavailable) {
            return false;
        }
        if (untrustedBeforeColumns.contains(column)) {
            // The before-image holds filler for it (a table without REPLICA IDENTITY FULL): the old value is unknown.
            return true;
        }
        if (before == null) {
            // REPLICA IDENTITY DEFAULT (or a flattened record): the old value is unknown.
            if (now == null) {
                throw noSuchColumn(column);
            }
            return true;
        }
        ColumnValue was = before.columns().get(column);
        if (was instanceof ColumnValue.Unavailable) {
            return false;
        }
        if (was == null && now == null) {
            throw noSuchColumn(column);
        }
        if (was == null || now == null) {
            return true;
        }
        return !sameValue(was, now);
    }

    private static boolean sameValue(ColumnValue was, ColumnValue now) {
        if (was instanceof ColumnValue.Decimal a && now instanceof ColumnValue.Decimal b) {
            // 12.5 and 12.50 are the same price: compare numbers, not scales.
            return a.value().compareTo(b.value()) == 0;
        }
        if (was instanceof ColumnValue.Undecodable a && now instanceof ColumnValue.Undecodable b) {
            return a.raw().equals(b.raw());
        }
        return was.equals(now);
    }

    private static CelEvaluationException noSuchColumn(String column) {
        return new CelEvaluationException("changed('" + column + "'): the row has no column '" + column + "'");
    }
}
