package dev.invalidator.rules.engine;

import dev.invalidator.rules.file.Located;
import dev.invalidator.rules.file.RuleProblem;
import java.util.List;
import java.util.Optional;

/** Turns a rule's {@code when} text into a {@link RuleCondition}, reporting compile errors at their position. */
interface ConditionCompiler {

    Optional<RuleCondition> compile(Located<String> expression, List<RuleProblem> problems);
}
