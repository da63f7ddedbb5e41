package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import java.util.List;
import java.util.Objects;

/**
 * What one change event invalidated, to be told to near-caches: its cause and its targets.
 *
 * @param cause    the change that caused it
 * @param keys     cache keys removed
 * @param patterns patterns whose matching keys were removed
 * @param tags     tags whose members were removed
 * @param soft     near-caches may mark these stale and refresh them instead of dropping them
 */
public record Announcement(BroadcastCause cause, List<String> keys, List<String> patterns, List<String> tags,
                           boolean soft) {

    public Announcement {
        Objects.requireNonNull(cause, "cause");
        keys = List.copyOf(keys);
        patterns = List.copyOf(patterns);
        tags = List.copyOf(tags);
    }

    /** A hard announcement: near-caches drop what it names. */
    public Announcement(BroadcastCause cause, List<String> keys, List<String> patterns, List<String> tags) {
        this(cause, keys, patterns, tags, false);
    }

    boolean isEmpty() {
        return keys.isEmpty() && patterns.isEmpty() && tags.isEmpty();
    }
}
