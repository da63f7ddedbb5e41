package dev.invalidator.service.bench;

import dev.invalidator.client.broadcast.BroadcastSubscriber;
import dev.invalidator.client.broadcast.Freshness;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.client.nearcache.EvictionCause;
import dev.invalidator.client.nearcache.NearCache;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application node's near-cache, timed: a real {@link NearCache} on a follower of its own, holding an entry for
 * each row key before the write's commit ({@link #fill}), and per write when that entry left it and when the
 * broadcast that named it was published. Keys are the benchmark rule's, {@code <prefix>item:<id>:<seq>}; negative
 * sequence numbers are the start-up probes.
 */
final class NearCacheClock implements BroadcastSubscriber {

    private final String keyPrefix;
    private final int tableRows;
    private final NearCache<String> near;
    private final WriteTimes published;
    private final WriteTimes evicted;
    private final AtomicLong filled = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong otherEvictions = new AtomicLong();

    NearCacheClock(String keyPrefix, int tableRows, long writes) {
        this.keyPrefix = keyPrefix;
        this.tableRows = tableRows;
        this.published = new WriteTimes(writes);
        this.evicted = new WriteTimes(writes);
        // Room for every write's entry: only an invalidation may take one out, never the size bound.
        this.near = NearCache.<String>builder().maximumSize(Math.max(writes, 1_000))
                .evictionListener(this::evicted).build();
    }

    /** Caches the entry of write {@code seq} as a node that has read the row would hold it. */
    void fill(long seq) {
        // The writer updates row seq % tableRows with seq; the rule renders item:{id}:{seq}.
        near.put(keyPrefix + "item:" + seq % tableRows + ":" + seq, "cached");
        filled.incrementAndGet();
    }

    @Override
    public void onBroadcast(InvalidationBroadcast broadcast) {
        // Before the near-cache applies it, so that a write's publication time is known when its eviction is.
        for (String key : broadcast.keys()) {
            long seq = seqOf(key);
            if (seq == Long.MIN_VALUE) {
                continue;
            }
            if (seq < 0) {
                probes.incrementAndGet();
            } else {
                published.set(seq, broadcast.publishedAtMillis() * 1_000);
            }
        }
        near.onBroadcast(broadcast);
    }

    @Override
    public void onMissed(MissReason reason, String detail) {
        near.onMissed(reason, detail);
    }

    @Override
    public void followedBy(Freshness freshness) {
        near.followedBy(freshness);
    }

    /** The near-cache's eviction listener, on the follower's thread. */
    private void evicted(String key, EvictionCause cause) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long seq = seqOf(key);
        if (cause == EvictionCause.KEY && seq >= 0) {
            evicted.set(seq, now);
        } else {
            otherEvictions.incrementAndGet();
        }
    }

    /** The write's sequence number in one of the run's keys; {@link Long#MIN_VALUE} for any other key. */
    private long seqOf(String key) {
        if (!key.startsWith(keyPrefix)) {
            return Long.MIN_VALUE;
        }
        return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
    }

    /** Per write, when the broadcast naming its key was published (its publishedAtMillis, in µs). */
    WriteTimes published() {
        return published;
    }

    /** Per write, when its entry left the near-cache. */
    WriteTimes evicted() {
        return evicted;
    }

    long filled() {
        return filled.get();
    }

    long probes() {
        return probes.get();
    }

    /** Entries that left for another reason than their own key's broadcast (size, a missed-broadcast repair, ...). */
    long otherEvictions() {
        return otherEvictions.get();
    }
}
