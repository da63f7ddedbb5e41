package dev.invalidator.rules.engine;

import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.rules.file.RuleDefinition.Example;
import dev.invalidator.rules.file.RuleDefinition.ExampleRow;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs every rule's examples through that rule alone and reports each example whose plan differs from what it
 * expects, at the example's {@code file:line:column}. Lists an example leaves out must come out empty.
 */
public final class ExampleChecker {

    /** Topic prefix given to example events whose rule leaves the prefix open. */
    static final String EXAMPLE_PREFIX = "example";
    /** Examples stand for changes read from a log, so refresh targets write as they would in the service. */
    private static final SourcePosition EXAMPLE_POSITION = new SourcePosition.Postgres(1, null);

    /** @return one problem per failing example; empty when all pass */
    public List<RuleProblem> check(RuleEngine engine) {
        List<RuleProblem> failures = new ArrayList<>();
        for (RuleDefinition rule : engine.definitions()) {
            for (Example example : rule.examples()) {
                check(engine, rule, example).ifPresent(failures::add);
            }
        }
        return failures;
    }

    /** How many examples the rules hold. */
    public int count(RuleEngine engine) {
        return engine.definitions().stream().mapToInt(rule -> rule.examples().size()).sum();
    }

    private static Optional<RuleProblem> check(RuleEngine engine, RuleDefinition rule, Example example) {
        String name = rule.name().value();
        TableId table;
        try {
            table = tableOf(rule, example);
        } catch (IllegalArgumentException e) {
            return Optional.of(RuleProblem.error(example.location(), "example of rule '" + name + "': " + e.getMessage()));
        }
        if (!engine.ruleApplies(name, table)) {
            // Such an example would check an empty plan: "expect: {}" would pass while proving nothing.
            return Optional.of(RuleProblem.error(example.location(), "example of rule '" + name + "': table '"
                    + example.table() + "' is not one the rule applies to (table: " + rule.table().value() + ")"));
        }
        ChangeEvent event = new ChangeEvent(table, example.op(), image(example.before()), image(example.after()),
                image(example.key()), "example", EXAMPLE_POSITION, false, null, null, null, null);
        InvalidationPlan plan = engine.planWith(name, event, BeforeImagePolicy.full());

        List<String> differences = new ArrayList<>();
        compare("keys", example.expect().keys(), plan.keyNames(), differences);
        compare("patterns", example.expect().patterns(), plan.patternNames(), differences);
        compare("tags", example.expect().tags(), plan.tagNames(), differences);
        compare("versions", example.expect().versions(), plan.versionNames(), differences);
        compare("refresh", example.expect().refresh(), plan.refreshNames(), differences);
        for (RuleFailure failure : plan.failures()) {
            differences.add("the rule failed: " + failure.message());
        }
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder("example of rule '").append(name).append("' fails: ")
                .append(String.join("; ", differences));
        if (plan.matchedRules().isEmpty() && plan.failures().isEmpty()) {
            message.append(" (the rule did not fire: check 'on', 'columns' and 'when')");
        }
        for (SkippedTarget skipped : plan.skipped()) {
            message.append("; skipped ").append(skipped.template()).append(" (").append(skipped.explanation()).append(')');
        }
        return Optional.of(RuleProblem.error(example.expect().location(), message.toString()));
    }

    private static void compare(String what, List<String> expected, List<String> actual, List<String> differences) {
        Set<String> want = new TreeSet<>(expected);
        Set<String> got = new TreeSet<>(actual);
        if (!want.equals(got)) {
            differences.add(what + " expected " + want + " but got " + got);
        }
    }

    private static TableId tableOf(RuleDefinition rule, Example example) {
        String name = example.table() != null ? example.table() : rule.table().value();
        if (name.contains("*") || name.contains("?")) {
            throw new IllegalArgumentException(example.table() != null
                    ? "the example's table '" + name + "' is a glob: name the one table the event comes from"
                    : "the rule's table is a glob: give the example a 'table'");
        }
        String[] parts = name.split("\\.");
        if (parts.length == 3) {
            return new TableId(parts[0], null, parts[1], parts[2]);
        }
        if (parts.length == 2) {
            return new TableId(EXAMPLE_PREFIX, null, parts[0], parts[1]);
        }
        throw new IllegalArgumentException("table '" + name + "' must be <prefix>.<schema>.<table> or <schema>.<table>");
    }

    private static RowImage image(ExampleRow row) {
        if (row == null) {
            return null;
        }
        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        row.columns().forEach((column, value) -> columns.put(column, valueOf(value)));
        return new RowImage(columns);
    }

    /** YAML scalars as the reader would decode the same database values. */
    static ColumnValue valueOf(Object value) {
        if (value == null) {
            return new ColumnValue.Null();
        }
        if (value instanceof Long l) {
            return new ColumnValue.Int(l);
        }
        if (value instanceof BigInteger big) {
            return new ColumnValue.Decimal(new BigDecimal(big));
        }
        if (value instanceof BigDecimal decimal) {
            return new ColumnValue.Decimal(decimal);
        }
        if (value instanceof Boolean bool) {
            return new ColumnValue.Bool(bool);
        }
        if (ChangeEventReader.DEFAULT_UNAVAILABLE_PLACEHOLDER.equals(value)) {
            // Written as Debezium writes it, so examples can show what an unchanged TOAST value does.
            return new ColumnValue.Unavailable();
        }
        return new ColumnValue.Text(value.toString());
    }
}
