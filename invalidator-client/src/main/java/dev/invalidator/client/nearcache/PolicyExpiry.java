package dev.invalidator.client.nearcache;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Caffeine's per-entry hard expiry from each entry's {@link Lifetime}: the end of its stale time, or for a sliding
 * one its time to live from the last read. Soft expiry (serving stale, refreshing) is the near-cache's business.
 */
final class PolicyExpiry<V> implements Expiry<String, Entry<V>> {

    @Override
    public long expireAfterCreate(String key, Entry<V> entry, long currentTime) {
        return entry.lifetime.nanosToLive(currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, Entry<V> entry, long currentTime, long currentDuration) {
        return entry.lifetime.nanosToLive(currentTime);
    }

    @Override
    public long expireAfterRead(String key, Entry<V> entry, long currentTime, long currentDuration) {
        return entry.lifetime.sliding() ? entry.lifetime.freshNanos() : currentDuration;
    }
}
