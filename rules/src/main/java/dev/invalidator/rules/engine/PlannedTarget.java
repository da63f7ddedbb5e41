package dev.invalidator.rules.engine;

import java.util.List;
import java.util.Objects;

/**
 * One target of a plan, with the rules that produced it (provenance, for metrics and explanations).
 *
 * @param target  the key, pattern or tag
 * @param rules   names of the rules that produced it, in rule order, each once
 * @param cascade true when one of those rules asked to follow the dependents of what it removes
 * @param soft    true when every one of those rules is soft: near-caches mark it stale instead of dropping it; one
 *                hard rule makes it hard
 */
public record PlannedTarget(String target, List<String> rules, boolean cascade, boolean soft) {

    public PlannedTarget {
        Objects.requireNonNull(target, "target");
        rules = List.copyOf(rules);
    }

    /** A hard target. */
    public PlannedTarget(String target, List<String> rules, boolean cascade) {
        this(target, rules, cascade, false);
    }

    /** A hard target whose rules do not cascade. */
    public PlannedTarget(String target, List<String> rules) {
        this(target, rules, false);
    }
}
