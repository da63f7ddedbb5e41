package dev.invalidator.rules.engine;

import dev.invalidator.rules.condition.CompileResult;
import dev.invalidator.rules.condition.Condition;
import dev.invalidator.rules.condition.ConditionCompiler;
import dev.invalidator.rules.condition.ConditionProblem;
import dev.invalidator.rules.file.Located;
import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.rules.file.SourceLocation;
import dev.invalidator.rules.template.ImageSelector;
import dev.invalidator.rules.template.Placeholder;
import dev.invalidator.rules.template.Template;
import dev.invalidator.rules.template.TargetKind;
import dev.invalidator.rules.template.TemplateSyntaxException;
import dev.invalidator.schemas.change.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles parsed rules: table patterns, target templates and conditions. Reports every problem at its
 * {@code file:line:column}, including patterns that would match every key and reads of before-image columns
 * that PostgreSQL may not send truthfully.
 */
final class RuleCompiler {

    private final ConditionCompiler conditions;

    RuleCompiler(ConditionCompiler conditions) {
        this.conditions = conditions;
    }

    Optional<CompiledRule> compile(RuleDefinition rule, int order, List<RuleProblem> problems) {
        int before = errorCount(problems);
        TablePattern table = null;
        try {
            table = TablePattern.parse(rule.table().value());
        } catch (TablePattern.InvalidTablePatternException e) {
            problems.add(RuleProblem.error(rule.table().location().plusColumns(e.offset()), e.getMessage()));
        }
        List<CompiledRule.Target> targets = new ArrayList<>();
        compileTargets(rule, TargetType.KEY, rule.invalidate().keys(), targets, problems);
        compileTargets(rule, TargetType.PATTERN, rule.invalidate().patterns(), targets, problems);
        compileTargets(rule, TargetType.TAG, rule.invalidate().tags(), targets, problems);
        compileTargets(rule, TargetType.VERSION, rule.invalidate().versions(), targets, problems);
        List<CompiledRule.Refresh> refreshes = compileRefreshes(rule, problems);
        Condition condition = rule.when() == null ? null : compileCondition(rule.when(), problems);
        if (errorCount(problems) > before) {
            return Optional.empty();
        }
        return Optional.of(new CompiledRule(rule, order, table, condition, targets, refreshes));
    }

    private static List<CompiledRule.Refresh> compileRefreshes(RuleDefinition rule, List<RuleProblem> problems) {
        List<CompiledRule.Refresh> refreshes = new ArrayList<>();
        for (RuleDefinition.Refresh refresh : rule.invalidate().refresh()) {
            List<CompiledRule.Target> key = new ArrayList<>(1);
            compileTargets(rule, TargetType.REFRESH, List.of(refresh.key()), key, problems);
            Set<String> seen = new HashSet<>();
            for (Located<String> column : refresh.columns()) {
                if (!seen.add(column.value())) {
                    problems.add(RuleProblem.error(column.location(), "column '" + column.value()
                            + "' is listed twice in this refresh"));
                }
            }
            if (!key.isEmpty()) {
                refreshes.add(new CompiledRule.Refresh(key.get(0).template(),
                        refresh.columns().stream().map(Located::value).toList(), refresh.ttl().toMillis()));
            }
        }
        if (!rule.invalidate().refresh().isEmpty()) {
            SourceLocation at = rule.invalidate().refresh().get(0).location();
            if (!rule.on().contains(Operation.DELETE)) {
                problems.add(RuleProblem.warning(at, "this rule refreshes keys but does not fire on delete: a deleted "
                        + "row's value stays in the cache until its TTL ends"));
            }
            problems.add(RuleProblem.warning(at, "refresh needs a source position that orders changes (PostgreSQL "
                    + "lsn, MySQL/MariaDB binlog file and pos): an event without one (a flattened event without "
                    + "__lsn or __file/__pos, another connector) deletes the key instead"));
        }
        return refreshes;
    }

    private Condition compileCondition(Located<String> when, List<RuleProblem> problems) {
        CompileResult result = conditions.compile(when.value());
        if (result instanceof CompileResult.Rejected rejected) {
            for (ConditionProblem problem : rejected.problems()) {
                problems.add(RuleProblem.error(positionIn(when, problem), "when: " + problem.message()));
            }
            return null;
        }
        Condition condition = ((CompileResult.Compiled) result).condition();
        for (String column : condition.beforeColumns()) {
            problems.add(RuleProblem.warning(when.location(), "when reads before." + column + ": PostgreSQL sends it "
                    + "truthfully only for key columns unless the table is REPLICA IDENTITY FULL; otherwise the "
                    + "condition fails for that event"));
        }
        return condition;
    }

    /** A position inside the expression, as a place in the file (escapes in quoted YAML may shift it a little). */
    private static SourceLocation positionIn(Located<String> when, ConditionProblem problem) {
        SourceLocation start = when.location();
        if (problem.line() <= 1) {
            return start.plusColumns(problem.column() - 1);
        }
        return new SourceLocation(start.file(), start.line() + problem.line() - 1, problem.column());
    }

    private static void compileTargets(RuleDefinition rule, TargetType type, List<Located<String>> sources,
                                       List<CompiledRule.Target> targets, List<RuleProblem> problems) {
        // A versioned key names one key, so it follows the rules of keys: rendered as is, never a glob.
        TargetKind kind = type == TargetType.PATTERN ? TargetKind.PATTERN : TargetKind.KEY;
        for (Located<String> source : sources) {
            Template template;
            try {
                template = Template.compile(source.value(), kind);
            } catch (TemplateSyntaxException e) {
                problems.add(RuleProblem.error(source.location().plusColumns(e.offset()),
                        type.name().toLowerCase() + " '" + source.value() + "': " + e.getMessage()));
                continue;
            }
            if (type == TargetType.PATTERN && template.canMatchEveryKey() && !rule.allowFlushAll()) {
                problems.add(RuleProblem.error(source.location(), "pattern '" + source.value()
                        + "' can match every key; if that is meant, say 'allowFlushAll: true' on the rule"));
                continue;
            }
            for (Placeholder placeholder : template.placeholders()) {
                if (placeholder.selector() == ImageSelector.BEFORE) {
                    problems.add(RuleProblem.warning(source.location().plusColumns(placeholder.offset()),
                            "reads before." + placeholder.column() + ": PostgreSQL sends it truthfully only for key "
                                    + "columns unless the table is REPLICA IDENTITY FULL; otherwise the target is skipped"));
                }
            }
            targets.add(new CompiledRule.Target(type, template));
        }
    }

    private static int errorCount(List<RuleProblem> problems) {
        return (int) problems.stream().filter(RuleProblem::isError).count();
    }
}
