package dev.invalidator.rules.engine;

import java.util.List;
import java.util.Objects;

/**
 * A refreshed key of a plan: the value to write (or none, to remove it), its TTL, and the change's source position,
 * which the write is conditional on: it applies only when the position stored with the key is not newer.
 *
 * @param key       the cache key
 * @param rules     names of the rules that produced it, in rule order, each once
 * @param cascade   true when one of those rules asked to follow the key's dependents
 * @param value     the JSON object to store; null when the row was deleted and the key is to be removed
 * @param ttlMillis how long the value, or the removal's tombstone, lives
 * @param position  the change's position as text that sorts in log order ({@code SourceOrder})
 */
public record PlannedRefresh(String key, List<String> rules, boolean cascade, String value, long ttlMillis,
                             String position) {

    public PlannedRefresh {
        Objects.requireNonNull(key, "key");
        rules = List.copyOf(rules);
        Objects.requireNonNull(position, "position");
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("ttlMillis must be positive, was " + ttlMillis);
        }
    }

    /** True when the key is removed (the row was deleted) rather than written. */
    public boolean removes() {
        return value == null;
    }

    PlannedRefresh withRules(List<String> rules, boolean cascade) {
        return new PlannedRefresh(key, rules, cascade, value, ttlMillis, position);
    }
}
