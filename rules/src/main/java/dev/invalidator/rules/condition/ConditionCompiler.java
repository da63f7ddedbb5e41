package dev.invalidator.rules.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Objects;

/**
 * Compiles rule conditions ({@code when:}), written in CEL, the Common Expression Language; see
 * {@code docs/conditions.md} for the language as rule authors see it and
 * {@code docs/adr/0002-condition-language.md} for why CEL.
 *
 * <p>A condition compiles only if it parses, stays within the size limits, uses nothing but the condition
 * variables and CEL's standard operators and functions, and is boolean. Everything else is refused here, when
 * rules load, with positions within the expression. Safe to share between threads; building one sets up the
 * CEL environment, so build it once.
 */
public final class ConditionCompiler {

    private final ConditionLanguage language = new ConditionLanguage();

    public CompileResult compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        try {
            CelValidationResult parsed = language.compiler().parse(expression);
            if (parsed.hasError()) {
                return rejected(parsed);
            }
            OpLiterals.Normalized normalized = OpLiterals.normalize(parsed.getAst());
            if (!normalized.problems().isEmpty()) {
                return new CompileResult.Rejected(normalized.problems());
            }
            CelValidationResult checked = language.compiler().check(normalized.ast());
            if (checked.hasError()) {
                return rejected(checked);
            }
            CelAbstractSyntaxTree ast = checked.getAst();
            if (!ast.getResultType().equals(SimpleType.BOOL)) {
                // The checker lets `dyn` through where `bool` is wanted, and every column is dyn: without this,
                // `when: after.status` would compile and then fail on every event.
                return new CompileResult.Rejected(List.of(new ConditionProblem(1, 1,
                        "a condition must be true or false, but the type of this expression depends on the row:"
                                + " compare it, e.g. after.is_public == true or after.status == 'live'")));
            }
            CelRuntime.Program program = language.runtime().createProgram(ast);
            return new CompileResult.Compiled(
                    new Condition(expression, program, ast.getSource(), BeforeColumns.of(ast)));
        } catch (CelValidationException | CelEvaluationException e) {
            // Not expected once parse and check passed; still a refusal of this condition, not a crash of the load.
            return new CompileResult.Rejected(List.of(new ConditionProblem(1, 1, e.getMessage())));
        } catch (RuntimeException e) {
            return new CompileResult.Rejected(List.of(new ConditionProblem(1, 1, "could not compile: " + e)));
        }
    }

    private static CompileResult rejected(CelValidationResult result) {
        return new CompileResult.Rejected(Problems.of(result.getErrors()));
    }
}
