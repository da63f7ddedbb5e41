package dev.invalidator.rules.condition;

import dev.cel.common.CelSource;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Set;

/**
 * A compiled rule condition. Immutable and safe to share between threads; compile once when rules load, then
 * evaluate per event.
 */
public final class Condition {

    private final String expression;
    private final CelRuntime.Program program;
    private final CelSource source;
    private final Set<String> beforeColumns;

    Condition(String expression, CelRuntime.Program program, CelSource source, Set<String> beforeColumns) {
        this.expression = expression;
        this.program = program;
        this.source = source;
        this.beforeColumns = Set.copyOf(beforeColumns);
    }

    /** The expression as written in the rule file. */
    public String expression() {
        return expression;
    }

    /**
     * The columns this condition reads from {@code before} by name ({@code before.col}, {@code before['col']},
     * {@code has(before.col)}), so {@code rules check} can warn where before images hold only the key. Uses of
     * {@code before} as a whole, such as {@code before == after}, name no column and are not listed;
     * {@code changed('col')} is not listed either, as it treats an absent before image as a change.
     */
    public Set<String> beforeColumns() {
        return beforeColumns;
    }

    /** Evaluates the condition for one event. Never throws: failures come back as {@link ConditionResult.Failed}. */
    public ConditionResult evaluate(ConditionInput input) {
        EventVariables variables = input.variables();
        Object value;
        try {
            value = program.eval(variables);
        } catch (CelEvaluationException e) {
            return new ConditionResult.Failed(
                    EvaluationFailure.describe(e.getMessage(), e.getErrorCode(), source, variables.event()));
        } catch (RuntimeException e) {
            // A fault inside CEL or in converting a value must cost this rule this event, not the whole batch.
            return new ConditionResult.Failed("evaluation failed unexpectedly: " + e);
        }
        if (value instanceof Boolean holds) {
            return ConditionResult.of(holds);
        }
        // The type checker only lets boolean expressions through, so this means CEL could not decide.
        return new ConditionResult.Failed("the condition gave no true or false but " + value);
    }

    @Override
    public String toString() {
        return expression;
    }
}
