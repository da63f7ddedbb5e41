package dev.invalidator.rules.engine;

import java.util.List;

/**
 * What one change event invalidates: keys, patterns, tags and versioned keys, each once and with the rules that produced it;
 * whether to follow registered dependents (cascade); the targets that were skipped and why; and the rules that
 * failed on this event.
 *
 * @param matchedRules rules whose table, operation, columns and condition matched, in rule order
 * @param cascade      true when a matched rule asked to follow the dependents of its keys; each target says whether
 *                     its own rules did ({@link PlannedTarget#cascade()})
 */
public record InvalidationPlan(
        List<String> matchedRules,
        List<PlannedTarget> keys,
        List<PlannedTarget> patterns,
        List<PlannedTarget> tags,
        List<PlannedTarget> versions,
        boolean cascade,
        List<SkippedTarget> skipped,
        List<RuleFailure> failures,
        List<PlannedRefresh> refreshes) {

    private static final InvalidationPlan EMPTY = new InvalidationPlan(List.of(), List.of(), List.of(), List.of(),
            List.of(), false, List.of(), List.of(), List.of());

    public InvalidationPlan {
        matchedRules = List.copyOf(matchedRules);
        keys = List.copyOf(keys);
        patterns = List.copyOf(patterns);
        tags = List.copyOf(tags);
        versions = List.copyOf(versions);
        skipped = List.copyOf(skipped);
        failures = List.copyOf(failures);
        refreshes = List.copyOf(refreshes);
    }

    public static InvalidationPlan empty() {
        return EMPTY;
    }

    /** True when there is nothing to invalidate (there may still be skipped targets or failures to report). */
    public boolean invalidatesNothing() {
        return keys.isEmpty() && patterns.isEmpty() && tags.isEmpty() && versions.isEmpty() && refreshes.isEmpty();
    }

    public List<String> keyNames() {
        return keys.stream().map(PlannedTarget::target).toList();
    }

    public List<String> patternNames() {
        return patterns.stream().map(PlannedTarget::target).toList();
    }

    public List<String> tagNames() {
        return tags.stream().map(PlannedTarget::target).toList();
    }

    /** The keys whose version counters to bump. */
    public List<String> versionNames() {
        return versions.stream().map(PlannedTarget::target).toList();
    }

    /** The keys refreshed: written from the after-image, or removed on delete. */
    public List<String> refreshNames() {
        return refreshes.stream().map(PlannedRefresh::key).toList();
    }
}
