package dev.invalidator.rules.condition;

import dev.cel.common.CelErrorCode;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words a failed evaluation for the person who wrote the rule: where in the expression it failed, and, when a
 * column could not be read, what this event lacked that explains it.
 */
final class EvaluationFailure {

    /** CEL writes the failing expression's offset (in code points) into the message, e.g. {@code at <input>:5: }. */
    private static final Pattern CEL_PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:(\\d+))?: ");

    private EvaluationFailure() {
    }

    static String describe(String celMessage, CelErrorCode code, CelSource source, ChangeEvent event) {
        String message = celMessage == null ? "evaluation failed" : celMessage;
        String position = "";
        Matcher prefix = CEL_PREFIX.matcher(message);
        if (prefix.find()) {
            if (prefix.group(1) != null) {
                position = location(source, Integer.parseInt(prefix.group(1)))
                        .map(at -> at.getLine() + ":" + (at.getColumn() + 1) + ": ")
                        .orElse("");
            }
            message = message.substring(prefix.end());
        }
        if (code == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
            List<String> gaps = gaps(event);
            if (!gaps.isEmpty()) {
                message = message + " (this event: " + String.join("; ", gaps) + ")";
            }
        }
        return position + message;
    }

    private static Optional<CelSourceLocation> location(CelSource source, int offset) {
        return source.getOffsetLocation(offset).filter(at -> at.getLine() >= 1 && at.getColumn() >= 0);
    }

    /** What the event does not carry, which reads as a missing column in a condition. */
    private static List<String> gaps(ChangeEvent event) {
        List<String> gaps = new ArrayList<>();
        if (event.op() == Operation.TRUNCATE) {
            gaps.add("a truncate carries no row");
        }
        if (event.op() == Operation.UPDATE && event.before() == null) {
            gaps.add("the update has no before image (a table without REPLICA IDENTITY FULL, or a flattened record);"
                    + " changed('column') counts such columns as changed");
        }
        unreadable("before", event.before(), gaps);
        unreadable("after", event.after(), gaps);
        return gaps;
    }

    private static void unreadable(String image, RowImage row, List<String> gaps) {
        if (row == null) {
            return;
        }
        for (Map.Entry<String, ColumnValue> column : row.columns().entrySet()) {
            ColumnValue value = column.getValue();
            if (value instanceof ColumnValue.Unavailable) {
                gaps.add(image + "." + column.getKey() + " is unavailable (an unchanged TOAST value PostgreSQL did not send)");
            } else if (value instanceof ColumnValue.Undecodable undecodable) {
                gaps.add(image + "." + column.getKey() + " could not be decoded: " + undecodable.reason());
            }
        }
    }
}
