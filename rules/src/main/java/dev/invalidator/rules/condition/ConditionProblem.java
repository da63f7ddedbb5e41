package dev.invalidator.rules.condition;

import java.util.Objects;

/**
 * Why a condition was refused when it was compiled, and where.
 *
 * <p>{@code line} and {@code column} count from 1 within the expression text itself, in Unicode code points
 * (as CEL counts them). The rule loader adds the expression's own position in the YAML file to report
 * {@code file:line:column}. Where CEL knows no position (an expression that is too long as a whole), the
 * problem is placed at 1:1.
 */
public record ConditionProblem(int line, int column, String message) {

    public ConditionProblem {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1, got " + line + ":" + column);
        }
        Objects.requireNonNull(message, "message");
    }

    /** {@code line:column: message}, positions within the expression. */
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
