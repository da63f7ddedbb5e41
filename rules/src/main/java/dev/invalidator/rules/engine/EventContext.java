package dev.invalidator.rules.engine;

import dev.invalidator.rules.condition.ConditionInput;
import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.RowImage;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One event being planned, with what its rules share: the before-image policy and the conditions' view. */
final class EventContext {

    private final ChangeEvent event;
    private final BeforeImagePolicy beforeImages;
    private ConditionInput conditionInput;

    EventContext(ChangeEvent event, BeforeImagePolicy beforeImages) {
        this.event = event;
        this.beforeImages = beforeImages;
    }

    ChangeEvent event() {
        return event;
    }

    BeforeImagePolicy beforeImages() {
        return beforeImages;
    }

    /**
     * The event as conditions see it, built on first use and shared by all rules. Before-image columns the policy
     * does not trust (filler under REPLICA IDENTITY DEFAULT) are shown as unavailable, so a condition reading them
     * fails with that reason instead of comparing against a made-up value.
     */
    ConditionInput conditionInput() {
        if (conditionInput == null) {
            conditionInput = withUntrustedBeforeColumnsUnavailable();
        }
        return conditionInput;
    }

    private ConditionInput withUntrustedBeforeColumnsUnavailable() {
        RowImage before = event.before();
        if (before == null || beforeImages == BeforeImagePolicy.full()) {
            return ConditionInput.of(event);
        }
        Map<String, ColumnValue> columns = null;
        Set<String> untrusted = new HashSet<>();
        for (Map.Entry<String, ColumnValue> column : before.columns().entrySet()) {
            if (!beforeImages.trusts(event, column.getKey())) {
                if (columns == null) {
                    columns = new LinkedHashMap<>(before.columns());
                }
                columns.put(column.getKey(), new ColumnValue.Unavailable());
                untrusted.add(column.getKey());
            }
        }
        if (columns == null) {
            return ConditionInput.of(event);
        }
        // changed('col') must know these are filler, not unchanged TOAST values, or it would answer "unchanged".
        return ConditionInput.of(new ChangeEvent(event.table(), event.op(), new RowImage(columns), event.after(),
                event.key(), event.connector(), event.position(), event.snapshot(), event.commitTime(),
                event.processedAt(), event.transaction(), event.coordinates()), untrusted);
    }
}
