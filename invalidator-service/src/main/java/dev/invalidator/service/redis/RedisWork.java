package dev.invalidator.service.redis;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one apply invalidates in Redis: cache keys, keys matching glob patterns (Redis's own glob syntax, values already
 * escaped by the rules engine), tags (every cache key in the tag's set, or the tag's generation when it is
 * generation-based), versioned keys (whose version counters are bumped), and whether the removal cascades to the
 * dependents of every removed key. The rules engine's plan maps onto this. Refreshed keys are written (or removed)
 * conditionally on their source position, at most one per key.
 */
public record RedisWork(Set<String> keys, Set<String> patterns, Set<String> tags, Set<String> versions,
                        boolean cascade, List<Refresh> refreshes) {

    public RedisWork {
        keys = Set.copyOf(Objects.requireNonNull(keys, "keys"));
        patterns = Set.copyOf(Objects.requireNonNull(patterns, "patterns"));
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
        versions = Set.copyOf(Objects.requireNonNull(versions, "versions"));
        refreshes = List.copyOf(Objects.requireNonNull(refreshes, "refreshes"));
    }

    /** Work without refreshed keys. */
    public RedisWork(Set<String> keys, Set<String> patterns, Set<String> tags, Set<String> versions,
                     boolean cascade) {
        this(keys, patterns, tags, versions, cascade, List.of());
    }

    /** Work without versioned keys. */
    public RedisWork(Set<String> keys, Set<String> patterns, Set<String> tags, boolean cascade) {
        this(keys, patterns, tags, Set.of(), cascade);
    }

    public static RedisWork versions(Set<String> versions) {
        return new RedisWork(Set.of(), Set.of(), Set.of(), versions, false);
    }

    public static RedisWork refreshes(List<Refresh> refreshes) {
        return new RedisWork(Set.of(), Set.of(), Set.of(), Set.of(), false, refreshes);
    }

    public static RedisWork keys(Set<String> keys) {
        return new RedisWork(keys, Set.of(), Set.of(), false);
    }

    public static RedisWork patterns(Set<String> patterns) {
        return new RedisWork(Set.of(), patterns, Set.of(), false);
    }

    public static RedisWork tags(Set<String> tags) {
        return new RedisWork(Set.of(), Set.of(), tags, false);
    }

    public RedisWork withCascade() {
        return new RedisWork(keys, patterns, tags, versions, true, refreshes);
    }
}
