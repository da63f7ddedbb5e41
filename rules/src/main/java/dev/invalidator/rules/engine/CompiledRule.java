package dev.invalidator.rules.engine;

import dev.invalidator.rules.condition.Condition;
import dev.invalidator.rules.condition.ConditionResult;
import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.rules.template.ImageSelector;
import dev.invalidator.rules.template.Placeholder;
import dev.invalidator.rules.template.RenderResult;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.rules.template.Template;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.SourceOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A rule ready to apply: table pattern, operations, column filter, condition and targets, all compiled. */
final class CompiledRule {

    /** A compiled target template with what it produces. */
    record Target(TargetType type, Template template) {
    }

    /** A compiled refresh: the key template, the projected columns and the TTL. */
    record Refresh(Template key, List<String> columns, long ttlMillis) {
        Refresh {
            columns = List.copyOf(columns);
        }
    }

    private final RuleDefinition definition;
    private final String name;
    private final int order;
    private final TablePattern table;
    private final Set<Operation> on;
    private final List<String> columns;
    private final Condition condition;
    private final List<Target> targets;
    private final List<Refresh> refreshes;
    private final boolean cascade;
    private final boolean soft;
    private final Set<String> beforeColumnsRead;

    CompiledRule(RuleDefinition definition, int order, TablePattern table, Condition condition, List<Target> targets,
                 List<Refresh> refreshes) {
        this.definition = definition;
        this.name = definition.name().value();
        this.order = order;
        this.table = table;
        this.on = Set.copyOf(definition.on());
        this.columns = definition.columns().stream().map(c -> c.value()).toList();
        this.condition = condition;
        this.targets = List.copyOf(targets);
        this.refreshes = List.copyOf(refreshes);
        this.cascade = definition.invalidate().cascade();
        this.soft = definition.soft();
        List<Target> keyTemplates = new ArrayList<>(this.targets);
        this.refreshes.forEach(r -> keyTemplates.add(new Target(TargetType.REFRESH, r.key())));
        this.beforeColumnsRead = beforeColumnsRead(on, condition, keyTemplates);
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
        for (Refresh refresh : refreshes) {
            refresh(refresh, event, beforeImages, plan);
        }
        if (cascade) {
            plan.cascade();
        }
    }

    /**
     * Writes or removes a refreshed key. Without a comparable source position, or without a whole projection, the
     * key is deleted instead (as a {@code keys} target), and the skip says why: a value written without a position
     * could be overwritten by an older change, and a partial one was never a row.
     */
    private void refresh(Refresh refresh, ChangeEvent event, BeforeImagePolicy beforeImages, PlanBuilder plan) {
        RenderResult result = refresh.key().render(event, beforeImages);
        if (result instanceof RenderResult.Skipped skipped) {
            plan.skip(new SkippedTarget(name, TargetType.REFRESH, refresh.key().source(), skipped.reason(),
                    skipped.explanation()));
            return;
        }
        String key = ((RenderResult.Rendered) result).target();
        Optional<String> position = SourceOrder.of(event.position());
        if (position.isEmpty()) {
            plan.skip(new SkippedTarget(name, TargetType.REFRESH, refresh.key().source(), SkipReason.NO_SOURCE_ORDER,
                    key + ": " + SkipReason.NO_SOURCE_ORDER.description()));
            plan.add(TargetType.KEY, key, name, cascade, soft);
            return;
        }
        if (event.op() == Operation.DELETE) {
            plan.refresh(new PlannedRefresh(key, List.of(name), cascade, null, refresh.ttlMillis(), position.get()));
            return;
        }
        Projection.Result value = Projection.of(event.after(), refresh.columns());
        if (value instanceof Projection.Incomplete incomplete) {
            plan.skip(new SkippedTarget(name, TargetType.REFRESH, refresh.key().source(), incomplete.reason(),
                    key + ": " + incomplete.explanation()));
            plan.add(TargetType.KEY, key, name, cascade, soft);
            return;
        }
        plan.refresh(new PlannedRefresh(key, List.of(name), cascade, ((Projection.Written) value).json(),
                refresh.ttlMillis(), position.get()));
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
