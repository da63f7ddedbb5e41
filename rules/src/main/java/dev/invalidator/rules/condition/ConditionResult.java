package dev.invalidator.rules.condition;

import java.util.Objects;

/**
 * The outcome of evaluating a condition against one change event. Evaluation never throws: anything that goes
 * wrong (a column the row does not have, a type mismatch, a division by zero) is a {@link Failed} result, so the
 * engine can report the rule as failed for that event and go on with the others.
 */
public sealed interface ConditionResult {

    /** The condition evaluated to true ({@link #MATCHED}) or false ({@link #NOT_MATCHED}). */
    enum Decision implements ConditionResult {
        MATCHED,
        NOT_MATCHED
    }

    /**
     * The condition could not be decided for this event.
     *
     * @param message what went wrong, starting with {@code line:column:} within the expression where CEL says,
     *                followed by what the event lacked (unavailable TOAST values, an absent before image) when
     *                that explains it
     */
    record Failed(String message) implements ConditionResult {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }

    static ConditionResult of(boolean value) {
        return value ? Decision.MATCHED : Decision.NOT_MATCHED;
    }
}
