package dev.invalidator.rules.condition;

import dev.invalidator.schemas.change.ChangeEvent;
import java.util.Objects;

/**
 * One change event as conditions see it. Make one per event and evaluate all of that event's conditions against
 * it: the variables a condition reads are converted once and shared. Not thread-safe.
 */
public final class ConditionInput {

    private final EventVariables variables;

    private ConditionInput(ChangeEvent event) {
        this.variables = new EventVariables(event);
    }

    public static ConditionInput of(ChangeEvent event) {
        return new ConditionInput(Objects.requireNonNull(event, "event"));
    }

    EventVariables variables() {
        return variables;
    }
}
