package dev.invalidator.client.redis;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link RedisCacheStats}, updated by many reader threads. */
final class StatsCounter {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder fillsStored = new LongAdder();
    private final LongAdder fillsRejected = new LongAdder();
    private final LongAdder leaseWaits = new LongAdder();
    private final LongAdder readThroughs = new LongAdder();

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void load() {
        loads.increment();
    }

    void fillStored() {
        fillsStored.increment();
    }

    void fillRejected() {
        fillsRejected.increment();
    }

    void leaseWait() {
        leaseWaits.increment();
    }

    void readThrough() {
        readThroughs.increment();
    }

    RedisCacheStats snapshot() {
        return new RedisCacheStats(hits.sum(), misses.sum(), loads.sum(), fillsStored.sum(), fillsRejected.sum(),
                leaseWaits.sum(), readThroughs.sum());
    }
}
