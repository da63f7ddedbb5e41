package dev.invalidator.rules.engine;

import dev.invalidator.rules.condition.ConditionCompiler;
import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns change events into {@link InvalidationPlan}s. Built once from a set of rules and never changed: a reload
 * builds a new engine (see {@link LiveRules}). Safe for concurrent use.
 *
 * <p>Rules are found by table through an index (exact names by hash lookup, globs compiled once), and the rules
 * of each table seen are remembered, so an event costs a map lookup, not a scan of every rule.
 */
public final class RuleEngine {

    private final List<CompiledRule> rules;
    private final Map<String, List<CompiledRule>> exactWithPrefix = new HashMap<>();
    private final Map<String, List<CompiledRule>> exactAnyPrefix = new HashMap<>();
    private final List<CompiledRule> globs = new ArrayList<>();
    private final ConcurrentHashMap<TableId, List<CompiledRule>> rulesByTable = new ConcurrentHashMap<>();

    private RuleEngine(List<CompiledRule> rules) {
        this.rules = List.copyOf(rules);
        for (CompiledRule rule : this.rules) {
            TablePattern table = rule.table();
            if (!table.isExact()) {
                globs.add(rule);
            } else if (table.matchesAnyPrefix()) {
                exactAnyPrefix.computeIfAbsent(table.source(), t -> new ArrayList<>()).add(rule);
            } else {
                exactWithPrefix.computeIfAbsent(table.source(), t -> new ArrayList<>()).add(rule);
            }
        }
    }

    /**
     * The outcome of compiling rules: an engine when there were no errors, and every problem found (warnings too).
     */
    public record Compilation(Optional<RuleEngine> engine, List<RuleProblem> problems) {
        public Compilation {
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return problems.stream().anyMatch(RuleProblem::isError);
        }
    }

    /** Compiles rules; the engine is present only when no rule has an error. */
    public static Compilation compile(List<RuleDefinition> definitions) {
        List<RuleProblem> problems = new ArrayList<>();
        RuleCompiler compiler = new RuleCompiler(new ConditionCompiler());
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            compiler.compile(definitions.get(i), i, problems).ifPresent(compiled::add);
        }
        boolean errors = problems.stream().anyMatch(RuleProblem::isError);
        return new Compilation(errors ? Optional.empty() : Optional.of(new RuleEngine(compiled)), problems);
    }

    /** The rule names, in the order they were loaded. */
    public List<String> ruleNames() {
        return rules.stream().map(CompiledRule::name).toList();
    }

    /** The parsed rules this engine was built from, in load order. */
    public List<RuleDefinition> definitions() {
        return rules.stream().map(CompiledRule::definition).toList();
    }

    /**
     * Plans one event.
     *
     * @param beforeImages what is true in the event's before-image ({@link BeforeImages#policyFor})
     */
    public InvalidationPlan plan(ChangeEvent event, BeforeImagePolicy beforeImages) {
        List<CompiledRule> candidates = rulesFor(event.table());
        if (candidates.isEmpty()) {
            return InvalidationPlan.empty();
        }
        PlanBuilder plan = new PlanBuilder();
        EventContext context = new EventContext(event, beforeImages);
        for (CompiledRule rule : candidates) {
            rule.apply(context, plan);
        }
        return plan.build();
    }

    /** Plans one event against a single rule, as the rule's examples are checked. */
    InvalidationPlan planWith(String ruleName, ChangeEvent event, BeforeImagePolicy beforeImages) {
        PlanBuilder plan = new PlanBuilder();
        EventContext context = new EventContext(event, beforeImages);
        for (CompiledRule rule : rules) {
            if (rule.name().equals(ruleName) && rule.table().matches(event.table())) {
                rule.apply(context, plan);
            }
        }
        return plan.build();
    }

    /** True when the named rule applies to this table. */
    boolean ruleApplies(String ruleName, TableId table) {
        for (CompiledRule rule : rules) {
            if (rule.name().equals(ruleName) && rule.table().matches(table)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The change topics these rules read, by Debezium's default topic naming ({@code <prefix>.<schema>.<table>}):
     * one alternative per distinct table pattern, in load order. Deployments that route topics elsewhere configure
     * the subscription instead.
     */
    public Pattern topicPattern() {
        return Pattern.compile(rules.stream()
                .map(rule -> rule.table().topicRegex())
                .distinct()
                .map(regex -> "(?:" + regex + ")")
                .collect(Collectors.joining("|")));
    }

    /**
     * Which before-image columns the rules of one table read, by rule name in load order, for rules that read any:
     * {@code {before.col}} targets, {@code {col}} targets of rules that act on deletes, and {@code before.col} in
     * conditions. Those are the columns that need the table's before-images to be whole (PostgreSQL
     * {@code REPLICA IDENTITY FULL}); under key-only before-images the engine skips such targets and fails such
     * conditions. {@code changed('col')} and {@code columns} are not listed: an unknown old value counts as changed.
     */
    public Map<String, Set<String>> beforeColumnsRead(TableId table) {
        Map<String, Set<String>> read = new LinkedHashMap<>();
        for (CompiledRule rule : rulesFor(table)) {
            if (!rule.beforeColumnsRead().isEmpty()) {
                read.merge(rule.name(), rule.beforeColumnsRead(), RuleEngine::union);
            }
        }
        return Collections.unmodifiableMap(read);
    }

    /** Two rules may share a name; their reads are then listed together. */
    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.addAll(b);
        return Collections.unmodifiableSet(both);
    }

    /** True when some rule applies to this table. */
    public boolean coversTable(TableId table) {
        return !rulesFor(table).isEmpty();
    }

    private List<CompiledRule> rulesFor(TableId table) {
        List<CompiledRule> known = rulesByTable.get(table);
        return known != null ? known : rulesByTable.computeIfAbsent(table, this::findRules);
    }

    private List<CompiledRule> findRules(TableId table) {
        List<CompiledRule> found = new ArrayList<>(exactWithPrefix.getOrDefault(table.qualifiedName(), List.of()));
        String middle = table.schema() != null ? table.schema() : table.database();
        if (!exactAnyPrefix.isEmpty() && middle != null) {
            found.addAll(exactAnyPrefix.getOrDefault(middle + "." + table.table(), List.of()));
        }
        for (CompiledRule rule : globs) {
            if (rule.table().matches(table)) {
                found.add(rule);
            }
        }
        found.sort(Comparator.comparingInt(CompiledRule::order));
        return List.copyOf(found);
    }
}
