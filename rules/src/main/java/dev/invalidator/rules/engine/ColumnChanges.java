package dev.invalidator.rules.engine;

import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import java.util.Optional;

/**
 * Whether an update changed a column, erring towards "changed" whenever the before-image cannot tell: a missed
 * invalidation leaves a stale cache, an extra one only costs a reload.
 */
final class ColumnChanges {

    private ColumnChanges() {
    }

    /**
     * Changed unless both images hold the column with equal values. The before value counts as unknown (so: changed)
     * when the event has no before-image, lacks the column, or the table's before-images are not true for it. An
     * after value that was not sent (unchanged TOAST) counts as unchanged: PostgreSQL leaves it out precisely because
     * the update did not touch it. A column the after-image does not hold is not in the table, and did not change.
     */
    static boolean changed(ChangeEvent event, String column, BeforeImagePolicy beforeImages) {
        Optional<ColumnValue> after = event.after() == null ? Optional.empty() : event.after().find(column);
        if (after.isEmpty() || after.get() instanceof ColumnValue.Unavailable) {
            return false;
        }
        if (event.before() == null || !beforeImages.trusts(event, column)) {
            return true;
        }
        Optional<ColumnValue> before = event.before().find(column);
        return before.isEmpty() || before.get() instanceof ColumnValue.Unavailable || !same(before.get(), after.get());
    }

    /** Equal values; decimals by number, since 12.5 and 12.50 are the same price. */
    private static boolean same(ColumnValue before, ColumnValue after) {
        if (before instanceof ColumnValue.Decimal b && after instanceof ColumnValue.Decimal a) {
            return b.value().compareTo(a.value()) == 0;
        }
        return before.equals(after);
    }
}
