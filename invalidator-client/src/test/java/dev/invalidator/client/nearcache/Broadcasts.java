package dev.invalidator.client.nearcache;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;

/** Broadcasts as the service sends them, one publisher, positions in order. */
final class Broadcasts {

    private final AtomicLong sequence = new AtomicLong();

    InvalidationBroadcast keys(String... keys) {
        return of(List.of(keys), List.of(), List.of(), false);
    }

    InvalidationBroadcast patterns(String... patterns) {
        return of(List.of(), List.of(patterns), List.of(), false);
    }

    InvalidationBroadcast tags(String... tags) {
        return of(List.of(), List.of(), List.of(tags), false);
    }

    InvalidationBroadcast clearAll() {
        return of(List.of(), List.of(), List.of(), true);
    }

    /** A soft broadcast: near-caches mark what it names stale instead of dropping it. */
    InvalidationBroadcast soft(List<String> keys, List<String> patterns, List<String> tags) {
        return of(keys, patterns, tags, false, true);
    }

    private InvalidationBroadcast of(List<String> keys, List<String> patterns, List<String> tags, boolean clearAll) {
        return of(keys, patterns, tags, clearAll, false);
    }

    private InvalidationBroadcast of(List<String> keys, List<String> patterns, List<String> tags, boolean clearAll,
            boolean soft) {
        BroadcastPosition position = new BroadcastPosition("service-1", 1, sequence.incrementAndGet());
        return new InvalidationBroadcast(position, 1_700_000_000_000L, new BroadcastCause.Repair("test"),
                keys, patterns, tags, clearAll, soft);
    }
}
