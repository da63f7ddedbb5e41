package dev.invalidator.rules.condition;

import java.util.List;
import java.util.Objects;

/** What {@link ConditionCompiler#compile(String)} made of an expression: a condition, or the reasons it was refused. */
public sealed interface CompileResult {

    /** The expression compiled to a boolean condition that can be evaluated. */
    record Compiled(Condition condition) implements CompileResult {
        public Compiled {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** The expression was refused; every problem found is listed, in the order CEL found them. */
    record Rejected(List<ConditionProblem> problems) implements CompileResult {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejected condition needs at least one problem");
            }
        }
    }
}
