package dev.invalidator.rules.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.ChangeEvent;
import java.util.List;

/** Compiles and evaluates conditions in tests, failing the test with CEL's problems when one does not compile. */
final class Conditions {

    private static final ConditionCompiler COMPILER = new ConditionCompiler();

    private Conditions() {
    }

    static Condition compile(String expression) {
        CompileResult result = COMPILER.compile(expression);
        assertThat(result).as("compiling %s", expression).isInstanceOf(CompileResult.Compiled.class);
        return ((CompileResult.Compiled) result).condition();
    }

    static List<ConditionProblem> problems(String expression) {
        CompileResult result = COMPILER.compile(expression);
        assertThat(result).as("compiling %s", expression).isInstanceOf(CompileResult.Rejected.class);
        return ((CompileResult.Rejected) result).problems();
    }

    static ConditionResult evaluate(String expression, ChangeEvent event) {
        return compile(expression).evaluate(ConditionInput.of(event));
    }

    static boolean holds(String expression, ChangeEvent event) {
        ConditionResult result = evaluate(expression, event);
        assertThat(result).as("evaluating %s", expression).isInstanceOf(ConditionResult.Decision.class);
        return result == ConditionResult.Decision.MATCHED;
    }

    static String failure(String expression, ChangeEvent event) {
        ConditionResult result = evaluate(expression, event);
        assertThat(result).as("evaluating %s", expression).isInstanceOf(ConditionResult.Failed.class);
        return ((ConditionResult.Failed) result).message();
    }
}
