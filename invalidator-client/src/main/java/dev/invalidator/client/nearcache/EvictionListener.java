package dev.invalidator.client.nearcache;

/**
 * Told each time an entry leaves a near-cache, whatever the cause: to see when an invalidation took effect on this
 * node (a latency probe, a metric per key category, a log line). Set with {@link NearCacheBuilder#evictionListener}.
 *
 * <p>Runs on the thread that removed the entry (for a broadcast, the follower's), once the entry is gone; for
 * {@link EvictionCause#SIZE} and {@link EvictionCause#EXPIRED} that may be while the cache still holds the key's
 * lock. So it must be quick and must not call the near-cache; an exception it throws is logged and otherwise
 * ignored. An entry a soft invalidation marks stale stays in the cache and is reported only when it leaves.
 */
@FunctionalInterface
public interface EvictionListener {

    /** The entry of {@code key} was removed, for {@code cause}. */
    void onEvicted(String key, EvictionCause cause);
}
