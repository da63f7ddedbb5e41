package dev.invalidator.rules.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects one event's targets from several rules, producing each target once with all its rules. */
final class PlanBuilder {

    private final List<String> matchedRules = new ArrayList<>();
    private final Map<String, List<String>> keys = new LinkedHashMap<>();
    private final Map<String, List<String>> patterns = new LinkedHashMap<>();
    private final Map<String, List<String>> tags = new LinkedHashMap<>();
    private final Map<String, List<String>> versions = new LinkedHashMap<>();
    private final Map<String, PlannedRefresh> refreshes = new LinkedHashMap<>();
    private final List<SkippedTarget> skipped = new ArrayList<>();
    private final List<RuleFailure> failures = new ArrayList<>();
    // Targets some cascading rule produced, by kind: only these have their dependents followed.
    private final Map<TargetType, Set<String>> cascading = new LinkedHashMap<>();
    // Targets some hard rule produced, by kind: a target is soft only when no hard rule produced it.
    private final Map<TargetType, Set<String>> hard = new LinkedHashMap<>();
    private boolean cascade;

    void matched(String rule) {
        matchedRules.add(rule);
    }

    void add(TargetType type, String target, String rule, boolean cascades, boolean soft) {
        add(type, target, rule);
        if (cascades) {
            cascading.computeIfAbsent(type, t -> new HashSet<>()).add(target);
        }
        if (!soft) {
            hard.computeIfAbsent(type, t -> new HashSet<>()).add(target);
        }
    }

    private void add(TargetType type, String target, String rule) {
        Map<String, List<String>> byTarget = switch (type) {
            case KEY -> keys;
            case PATTERN -> patterns;
            case TAG -> tags;
            case VERSION -> versions;
            case REFRESH -> throw new IllegalArgumentException("a refresh is added with refresh(...)");
        };
        List<String> rules = byTarget.computeIfAbsent(target, t -> new ArrayList<>(1));
        if (!rules.contains(rule)) {
            rules.add(rule);
        }
    }

    /**
     * A refreshed key. Two rules refreshing the same key from one event: the first rule's value is written, and both
     * rules are named.
     */
    void refresh(PlannedRefresh refresh) {
        PlannedRefresh known = refreshes.get(refresh.key());
        if (known == null) {
            refreshes.put(refresh.key(), refresh);
        } else if (!known.rules().containsAll(refresh.rules())) {
            List<String> rules = new ArrayList<>(known.rules());
            refresh.rules().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
            refreshes.put(refresh.key(), known.withRules(rules, known.cascade() || refresh.cascade()));
        }
    }

    void cascade() {
        cascade = true;
    }

    void skip(SkippedTarget target) {
        skipped.add(target);
    }

    void fail(RuleFailure failure) {
        failures.add(failure);
    }

    InvalidationPlan build() {
        if (matchedRules.isEmpty() && failures.isEmpty()) {
            return InvalidationPlan.empty();
        }
        return new InvalidationPlan(matchedRules, targets(TargetType.KEY, keys), targets(TargetType.PATTERN, patterns),
                targets(TargetType.TAG, tags), targets(TargetType.VERSION, versions), cascade, skipped, failures,
                List.copyOf(refreshes.values()));
    }

    private List<PlannedTarget> targets(TargetType type, Map<String, List<String>> byTarget) {
        Set<String> cascades = cascading.getOrDefault(type, Set.of());
        Set<String> hardTargets = hard.getOrDefault(type, Set.of());
        List<PlannedTarget> targets = new ArrayList<>(byTarget.size());
        byTarget.forEach((target, rules) -> targets.add(new PlannedTarget(target, rules, cascades.contains(target),
                !hardTargets.contains(target))));
        return targets;
    }
}
