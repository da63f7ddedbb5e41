package dev.invalidator.rules.condition;

import dev.invalidator.schemas.change.ChangeEvent;
import java.util.Objects;
import java.util.Set;

/**
 * One change event as conditions see it. Make one per event and evaluate all of that event's conditions against
 * it: the variables a condition reads are converted once and shared. Not thread-safe.
 */
public final class ConditionInput {

    private final EventVariables variables;

    private ConditionInput(ChangeEvent event, Set<String> untrustedBeforeColumns) {
        this.variables = new EventVariables(event, untrustedBeforeColumns);
    }

    public static ConditionInput of(ChangeEvent event) {
        return new ConditionInput(Objects.requireNonNull(event, "event"), Set.of());
    }

    /**
     * The event with before-image columns whose values are filler rather than the row's (PostgreSQL without
     * {@code REPLICA IDENTITY FULL}), already shown as unavailable in {@code event}: {@code changed('col')} counts
     * them as changed, where an unavailable value it would otherwise take for an unchanged TOAST value.
     */
    public static ConditionInput of(ChangeEvent event, Set<String> untrustedBeforeColumns) {
        return new ConditionInput(Objects.requireNonNull(event, "event"),
                Set.copyOf(Objects.requireNonNull(untrustedBeforeColumns, "untrustedBeforeColumns")));
    }

    EventVariables variables() {
        return variables;
    }
}
