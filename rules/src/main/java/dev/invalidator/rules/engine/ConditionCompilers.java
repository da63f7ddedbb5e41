package dev.invalidator.rules.engine;

import dev.invalidator.rules.file.RuleProblem;
import java.util.Optional;

/** The condition compilers the engine can be built with. */
final class ConditionCompilers {

    private ConditionCompilers() {
    }

    /** Refuses every condition, loudly, so a rule's {@code when} is never silently ignored. */
    static ConditionCompiler standard() {
        return (expression, problems) -> {
            problems.add(RuleProblem.error(expression.location(), "conditions ('when') are not supported yet"));
            return Optional.empty();
        };
    }
}
