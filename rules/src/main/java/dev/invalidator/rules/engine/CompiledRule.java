package dev.invalidator.rules.engine;

import dev.invalidator.rules.condition.Condition;
import dev.invalidator.rules.condition.ConditionResult;
import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.rules.template.ImageSelector;
import dev.invalidator.rules.template.Placeholder;
import dev.invalidator.rules.template.RenderResult;
import dev.invalidator.rules.template.Template;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.Operation;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A rule ready to apply: table pattern, operations, column filter, condition and targets, all compiled. */
final class CompiledRule {

    /** A compiled target template with what it produces. */
    record Target(TargetType type, Template template) {
    }

    private final RuleDefinition definition;
    private final String name;
    private final int order;
    private final TablePattern table;
    private final Set<Operation> on;
    private final List<String> columns;
    private final Condition condition;
    private final List<Target> targets;
    private final boolean cascade;
    private final boolean soft;
    private final Set<String> beforeColumnsRead;

    CompiledRule(RuleDefinition definition, int order, TablePattern table, Condition condition, List<Target> targets) {
        this.definition = definition;
        this.name = definition.name().value();
        this.order = order;
        this.table = table;
        this.on = Set.copyOf(definition.on());
        this.columns = definition.columns().stream().map(c -> c.value()).toList();
        this.condition = condition;
        this.targets = List.copyOf(targets);
        this.cascade = definition.invalidate().cascade();
        this.soft = definition.soft();
        this.beforeColumnsRead = beforeColumnsRead(on, condition, this.targets);
    }

    /**
     * The before-image columns this rule needs true values of: {@code {before.col}} targets, {@code {col}} targets
     * when it acts on deletes (they render from the before-image there), and {@code before.col} in its condition.
     * {@code changed('col')} and the {@code columns} filter are left out: they count an unknown old value as changed,
     * which costs an extra invalidation, never a missed one.
     */
    private static Set<String> beforeColumnsRead(Set<Operation> on, Condition condition, List<Target> targets) {
        Set<String> columns = new TreeSet<>();
        for (Target target : targets) {
            for (Placeholder placeholder : target.template().placeholders()) {
                if (placeholder.selector() == ImageSelector.BEFORE
                        || placeholder.selector() == ImageSelector.DEFAULT && on.contains(Operation.DELETE)) {
                    columns.add(placeholder.column());
                }
            }
        }
        if (condition != null) {
            columns.addAll(condition.beforeColumns());
        }
        return Collections.unmodifiableSet(columns);
    }

    String name() {
        return name;
    }

    /** Position among all loaded rules, so that plans list rules in the order they were written. */
    int order() {
        return order;
    }

    TablePattern table() {
        return table;
    }

    RuleDefinition definition() {
        return definition;
    }

    /** The before-image columns whose true values this rule reads, sorted; see the constructor. */
    Set<String> beforeColumnsRead() {
        return beforeColumnsRead;
    }

    /**
     * Applies this rule to an event of a table it matches, adding what it produces to the plan. The cheap checks
     * (operation, columns) come first; the condition is evaluated only for rules that pass them.
     */
    void apply(EventContext context, PlanBuilder plan) {
        ChangeEvent event = context.event();
        BeforeImagePolicy beforeImages = context.beforeImages();
        if (!on.contains(event.op())) {
            return;
        }
        if (event.op() == Operation.UPDATE && !columns.isEmpty() && !anyColumnChanged(event, beforeImages)) {
            return;
        }
        if (condition != null) {
            ConditionResult outcome = condition.evaluate(context.conditionInput());
            if (outcome instanceof ConditionResult.Failed failed) {
                plan.fail(new RuleFailure(name, "when: " + failed.message()));
                return;
            }
            if (outcome != ConditionResult.Decision.MATCHED) {
                return;
            }
        }
        plan.matched(name);
        for (Target target : targets) {
            RenderResult result = target.template().render(event, beforeImages);
            if (result instanceof RenderResult.Rendered rendered) {
                plan.add(target.type(), rendered.target(), name, cascade, soft);
            } else {
                RenderResult.Skipped skipped = (RenderResult.Skipped) result;
                plan.skip(new SkippedTarget(name, target.type(), target.template().source(), skipped.reason(),
                        skipped.explanation()));
            }
        }
        if (cascade) {
            plan.cascade();
        }
    }

    private boolean anyColumnChanged(ChangeEvent event, BeforeImagePolicy beforeImages) {
        for (String column : columns) {
            if (ColumnChanges.changed(event, column, beforeImages)) {
                return true;
            }
        }
        return false;
    }
}
