package dev.invalidator.client.nearcache;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.invalidator.client.broadcast.MissReason;

/**
 * A snapshot of a near-cache's counters since it was built, in the spirit of Caffeine's {@code CacheStats}.
 *
 * @param hitCount             reads served from the cache
 * @param missCount            reads not served from the cache (bypasses included)
 * @param loadSuccessCount     loader calls that returned (a null result included)
 * @param loadFailureCount     loader calls that threw
 * @param bypassCount          reads that skipped the cache because its follower was out of sync
 * @param staleLoadCount       loaded values not stored because an invalidation covering them came during the load
 * @param broadcastCount       broadcasts applied (heartbeats included)
 * @param refreshCount         background refreshes started (soft TTL run out, or early refresh)
 * @param refreshSuccessCount  background refreshes whose loader returned (a value discarded as stale included)
 * @param refreshFailureCount  background refreshes whose loader threw, or that the executor rejected
 * @param staleServedCount     hits on a value past its time to live, served within its maxStale, or on a value a
 *                             soft invalidation marked stale, served within its bound
 * @param softMarkedCount      entries a soft invalidation marked stale instead of dropping them
 * @param evictions            entries removed, by cause (every cause present, zero when none)
 * @param misses               missed-broadcast reports, by reason (every reason present, zero when none)
 */
public record NearCacheStats(
        long hitCount,
        long missCount,
        long loadSuccessCount,
        long loadFailureCount,
        long bypassCount,
        long staleLoadCount,
        long broadcastCount,
        long refreshCount,
        long refreshSuccessCount,
        long refreshFailureCount,
        long staleServedCount,
        long softMarkedCount,
        Map<EvictionCause, Long> evictions,
        Map<MissReason, Long> misses) {

    public NearCacheStats {
        evictions = Collections.unmodifiableMap(complete(evictions, EvictionCause.class));
        misses = Collections.unmodifiableMap(complete(misses, MissReason.class));
    }

    public long requestCount() {
        return hitCount + missCount;
    }

    /** Hits over requests; 1.0 when there were no requests, as Caffeine reports it. */
    public double hitRate() {
        long requests = requestCount();
        return requests == 0 ? 1.0 : (double) hitCount / requests;
    }

    public long evictionCount(EvictionCause cause) {
        return evictions.get(cause);
    }

    /** All entries removed, whatever the cause. */
    public long evictionCount() {
        return evictions.values().stream().mapToLong(Long::longValue).sum();
    }

    public long missedCount(MissReason reason) {
        return misses.get(reason);
    }

    private static <E extends Enum<E>> EnumMap<E, Long> complete(Map<E, Long> counts, Class<E> type) {
        EnumMap<E, Long> all = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            all.put(value, counts == null ? 0L : counts.getOrDefault(value, 0L));
        }
        return all;
    }
}
