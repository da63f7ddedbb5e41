package dev.invalidator.rules.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelMutableAst;
import dev.cel.common.CelSource;
import dev.cel.common.Operator;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelMutableExpr;
import dev.cel.common.navigation.CelNavigableMutableAst;
import dev.cel.common.navigation.CelNavigableMutableExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the literals a condition compares {@code op} with ({@code op == 'x'}, {@code op != 'x'},
 * {@code op in ['x', ...]}) before type checking: a misspelt operation would otherwise make the condition silently
 * never (or always) hold. Debezium's one-letter codes are rewritten to the words {@code op} holds.
 */
final class OpLiterals {

    /** The parsed condition with op literals rewritten, and the literals that name no operation. */
    record Normalized(CelAbstractSyntaxTree ast, List<ConditionProblem> problems) {
    }

    private OpLiterals() {
    }

    static Normalized normalize(CelAbstractSyntaxTree parsed) {
        CelMutableAst mutable = CelMutableAst.fromCelAst(parsed);
        List<ConditionProblem> problems = new ArrayList<>();
        CelNavigableMutableAst.fromAst(mutable).getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.CALL)
                .map(CelNavigableMutableExpr::expr)
                .forEach(call -> normalizeCall(call, parsed.getSource(), problems));
        // Keep the source positions: the type checker reports its errors with them.
        return new Normalized(mutable.toParsedAst(true), problems);
    }

    private static void normalizeCall(CelMutableExpr expr, CelSource source, List<ConditionProblem> problems) {
        String function = expr.call().function();
        List<CelMutableExpr> args = expr.call().args();
        if (args.size() != 2) {
            return;
        }
        CelMutableExpr left = args.get(0);
        CelMutableExpr right = args.get(1);
        if (function.equals(Operator.EQUALS.getFunction()) || function.equals(Operator.NOT_EQUALS.getFunction())) {
            if (isOp(left)) {
                normalizeLiteral(right, source, problems);
            } else if (isOp(right)) {
                normalizeLiteral(left, source, problems);
            }
        } else if (function.equals(Operator.IN.getFunction()) && isOp(left)
                && right.getKind() == CelExpr.ExprKind.Kind.LIST) {
            for (CelMutableExpr element : right.list().elements()) {
                normalizeLiteral(element, source, problems);
            }
        }
    }

    private static boolean isOp(CelMutableExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(EventVariables.OP);
    }

    private static void normalizeLiteral(CelMutableExpr expr, CelSource source, List<ConditionProblem> problems) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || expr.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return;
        }
        String literal = expr.constant().stringValue();
        Optional<String> word = OpNames.normalize(literal);
        if (word.isPresent()) {
            expr.setConstant(CelConstant.ofValue(word.get()));
        } else {
            problems.add(Problems.at(source, expr.id(), "'" + literal + "' is not an operation: op is one of "
                    + OpNames.ALL + " (Debezium's c, u, d, r, t are accepted too)"));
        }
    }
}
