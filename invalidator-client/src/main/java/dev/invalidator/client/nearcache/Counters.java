package dev.invalidator.client.nearcache;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.invalidator.client.broadcast.MissReason;

/** The near-cache's counters; {@link LongAdder}s so that hits on many threads do not contend. */
final class Counters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loadSuccesses = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder bypasses = new LongAdder();
    private final LongAdder staleLoads = new LongAdder();
    private final LongAdder broadcasts = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder refreshSuccesses = new LongAdder();
    private final LongAdder refreshFailures = new LongAdder();
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder softMarked = new LongAdder();
    private final Map<EvictionCause, LongAdder> evictions = new EnumMap<>(EvictionCause.class);
    private final Map<MissReason, LongAdder> missed = new EnumMap<>(MissReason.class);

    Counters() {
        for (EvictionCause cause : EvictionCause.values()) {
            evictions.put(cause, new LongAdder());
        }
        for (MissReason reason : MissReason.values()) {
            missed.put(reason, new LongAdder());
        }
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    /** A read not served from the cache because the follower is out of sync: a miss too. */
    void bypass() {
        bypasses.increment();
        misses.increment();
    }

    void loadSuccess() {
        loadSuccesses.increment();
    }

    void loadFailure() {
        loadFailures.increment();
    }

    void staleLoad() {
        staleLoads.increment();
    }

    void broadcast() {
        broadcasts.increment();
    }

    void refreshStarted() {
        refreshes.increment();
    }

    void refreshSuccess() {
        refreshSuccesses.increment();
    }

    void refreshFailure() {
        refreshFailures.increment();
    }

    /** A hit on a value past its time to live, within its maxStale. */
    void staleServed() {
        staleServed.increment();
    }

    /** An entry a soft invalidation marked stale instead of dropping it. */
    void softMarked() {
        softMarked.increment();
    }

    void evicted(EvictionCause cause) {
        evictions.get(cause).increment();
    }

    void missed(MissReason reason) {
        missed.get(reason).increment();
    }

    NearCacheStats snapshot() {
        Map<EvictionCause, Long> evictionCounts = new EnumMap<>(EvictionCause.class);
        evictions.forEach((cause, count) -> evictionCounts.put(cause, count.sum()));
        Map<MissReason, Long> missedCounts = new EnumMap<>(MissReason.class);
        missed.forEach((reason, count) -> missedCounts.put(reason, count.sum()));
        return new NearCacheStats(hits.sum(), misses.sum(), loadSuccesses.sum(), loadFailures.sum(), bypasses.sum(),
                staleLoads.sum(), broadcasts.sum(), refreshes.sum(), refreshSuccesses.sum(), refreshFailures.sum(),
                staleServed.sum(), softMarked.sum(), evictionCounts, missedCounts);
    }
}
