package dev.invalidator.rules.engine;

import java.util.List;
import java.util.Objects;

/**
 * One target of a plan, with the rules that produced it (provenance, for metrics and explanations).
 *
 * @param target  the key, pattern or tag
 * @param rules   names of the rules that produced it, in rule order, each once
 * @param cascade true when one of those rules asked to follow the dependents of what it removes
 */
public record PlannedTarget(String target, List<String> rules, boolean cascade) {

    public PlannedTarget {
        Objects.requireNonNull(target, "target");
        rules = List.copyOf(rules);
    }

    /** A target whose rules do not cascade. */
    public PlannedTarget(String target, List<String> rules) {
        this(target, rules, false);
    }
}
