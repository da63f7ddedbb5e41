package dev.invalidator.rules.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.Operator;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Finds the columns a condition reads from {@code before} by name. */
final class BeforeColumns {

    private BeforeColumns() {
    }

    static Set<String> of(CelAbstractSyntaxTree ast) {
        Set<String> columns = new TreeSet<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .map(CelNavigableExpr::expr)
                .forEach(expr -> {
                    if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && isBefore(expr.select().operand())) {
                        columns.add(expr.select().field());
                    } else if (expr.getKind() == CelExpr.ExprKind.Kind.CALL
                            && expr.call().function().equals(Operator.INDEX.getFunction())) {
                        List<CelExpr> args = expr.call().args();
                        if (args.size() == 2 && isBefore(args.get(0)) && isString(args.get(1))) {
                            columns.add(args.get(1).constant().stringValue());
                        }
                    }
                });
        return columns;
    }

    private static boolean isBefore(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(EventVariables.BEFORE);
    }

    private static boolean isString(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE;
    }
}
