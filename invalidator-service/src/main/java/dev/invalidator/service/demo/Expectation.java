package dev.invalidator.service.demo;

import java.util.Set;

/**
 * One invalidation the demo waits for: a cache key that a committed change must remove from Redis and from the
 * near-cache. Times are {@link System#nanoTime()}; 0 means not yet.
 *
 * @param key           the cache key
 * @param nearCacheTags tags under which the near-cache holds the key: a broadcast naming one of them evicts it too
 * @param why           the change, for the report
 */
final class Expectation {

    private final String key;
    private final Set<String> nearCacheTags;
    private final String why;
    private final long committedAt;
    private volatile long goneFromRedisAt;
    private volatile long goneFromNearCacheAt;

    Expectation(String key, Set<String> nearCacheTags, String why, long committedAt) {
        this.key = key;
        this.nearCacheTags = Set.copyOf(nearCacheTags);
        this.why = why;
        this.committedAt = committedAt;
    }

    String key() {
        return key;
    }

    String why() {
        return why;
    }

    long committedAt() {
        return committedAt;
    }

    boolean coveredBy(java.util.Collection<String> keys, java.util.Collection<String> tags) {
        return keys.contains(key) || tags.stream().anyMatch(nearCacheTags::contains);
    }

    void goneFromRedis(long at) {
        if (goneFromRedisAt == 0) {
            goneFromRedisAt = at;
        }
    }

    void goneFromNearCache(long at) {
        if (goneFromNearCacheAt == 0 && at >= committedAt) {
            goneFromNearCacheAt = at;
        }
    }

    boolean inRedis() {
        return goneFromRedisAt == 0;
    }

    boolean inNearCache() {
        return goneFromNearCacheAt == 0;
    }

    boolean done() {
        return !inRedis() && !inNearCache();
    }

    /** Milliseconds from the commit to the key's removal from Redis. */
    double redisLagMillis() {
        return (goneFromRedisAt - committedAt) / 1e6;
    }

    /** Milliseconds from the commit to the near-cache's eviction. */
    double nearCacheLagMillis() {
        return (goneFromNearCacheAt - committedAt) / 1e6;
    }
}
