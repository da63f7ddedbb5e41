package dev.invalidator.rules.condition;

import dev.cel.common.CelIssue;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns CEL's compile issues into {@link ConditionProblem}s, with 1-based positions and messages for rule authors. */
final class Problems {

    private static final Pattern UNDECLARED = Pattern.compile("^undeclared reference to '([^']*)'");
    private static final Pattern NOT_BOOLEAN = Pattern.compile("^expected type 'bool' but found '([^']*)'");
    private static final String CONTAINER_NOISE = " (in container '')";
    private static final String VISIBLE = "a condition can use before, after, op, table, source and changed('column')";
    private static final Set<String> LOOPS = Set.of("all", "exists", "exists_one", "filter");

    private Problems() {
    }

    static List<ConditionProblem> of(List<CelIssue> issues) {
        return issues.stream().map(Problems::of).toList();
    }

    static ConditionProblem of(CelIssue issue) {
        CelSourceLocation location = issue.getSourceLocation();
        return problem(location.getLine(), location.getColumn(), explain(issue.getMessage()));
    }

    /** A problem at an expression node, placed by the parser's record of where that node starts. */
    static ConditionProblem at(CelSource source, long exprId, String message) {
        Integer offset = source.getPositionsMap().get(exprId);
        CelSourceLocation location = offset == null ? CelSourceLocation.NONE
                : source.getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
        return problem(location.getLine(), location.getColumn(), message);
    }

    /** CEL counts lines from 1 and columns from 0, and gives -1 where it knows no position. */
    private static ConditionProblem problem(int line, int zeroBasedColumn, String message) {
        if (line < 1 || zeroBasedColumn < 0) {
            return new ConditionProblem(1, 1, message);
        }
        return new ConditionProblem(line, zeroBasedColumn + 1, message);
    }

    private static String explain(String celMessage) {
        String message = celMessage.replace(CONTAINER_NOISE, "");
        Matcher undeclared = UNDECLARED.matcher(message);
        if (undeclared.find()) {
            if (undeclared.group(1).equals(ConditionLanguage.CHANGED)) {
                return "changed takes exactly one column name in quotes, e.g. changed('price')";
            }
            if (LOOPS.contains(undeclared.group(1))) {
                return "'" + undeclared.group(1) + "' is not available: conditions have no loops;"
                        + " rows are flat, so compare the columns themselves";
            }
            return message + ": " + VISIBLE;
        }
        Matcher notBoolean = NOT_BOOLEAN.matcher(message);
        if (notBoolean.find()) {
            return "a condition must be true or false, but this expression gives " + notBoolean.group(1);
        }
        return message;
    }
}
