package dev.invalidator.client.nearcache;

import java.time.Duration;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Ticker;

/** What a builder collected; null means Caffeine's default. */
record NearCacheSettings(long maximumSize, Duration expireAfterWrite, TtlPolicy ttlPolicy, Ticker ticker,
        Executor executor, Duration softMaxStale, EvictionListener evictionListener) {
}
