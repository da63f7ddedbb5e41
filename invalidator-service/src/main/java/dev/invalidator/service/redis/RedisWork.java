package dev.invalidator.service.redis;

import java.util.Objects;
import java.util.Set;

/**
 * What one apply removes from Redis: cache keys, tags (every cache key in the tag's set), and whether the removal
 * cascades to the dependents of every removed key. The rules engine's plan maps onto this.
 */
public record RedisWork(Set<String> keys, Set<String> tags, boolean cascade) {

    public RedisWork {
        keys = Set.copyOf(Objects.requireNonNull(keys, "keys"));
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
    }

    public static RedisWork keys(Set<String> keys) {
        return new RedisWork(keys, Set.of(), false);
    }

    public static RedisWork tags(Set<String> tags) {
        return new RedisWork(Set.of(), tags, false);
    }

    public RedisWork withCascade() {
        return new RedisWork(keys, tags, true);
    }
}
