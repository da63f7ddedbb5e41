package dev.invalidator.client.broadcast;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The follower's running totals: written by its one delivering thread, read by anyone through {@link #snapshot}. */
final class FollowerCounters {

    private final AtomicLong messagesApplied = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final Map<MissReason, AtomicLong> missed = new EnumMap<>(MissReason.class);
    private final AtomicLong lastLagMillis = new AtomicLong();
    private final AtomicLong maxLagMillis = new AtomicLong();

    FollowerCounters() {
        for (MissReason reason : MissReason.values()) {
            missed.put(reason, new AtomicLong());
        }
    }

    void applied() {
        messagesApplied.incrementAndGet();
    }

    void heartbeat() {
        heartbeats.incrementAndGet();
    }

    void missed(MissReason reason) {
        missed.get(reason).incrementAndGet();
    }

    /** Records the lag of a message published at {@code publishedAtMillis} and received at {@code nowMillis}. */
    void lag(long publishedAtMillis, long nowMillis) {
        long lag = Math.max(0, nowMillis - publishedAtMillis);
        lastLagMillis.set(lag);
        maxLagMillis.accumulateAndGet(lag, Math::max);
    }

    FollowerStats snapshot() {
        Map<MissReason, Long> misses = new EnumMap<>(MissReason.class);
        missed.forEach((reason, count) -> misses.put(reason, count.get()));
        return new FollowerStats(messagesApplied.get(), heartbeats.get(), misses,
                Duration.ofMillis(lastLagMillis.get()), Duration.ofMillis(maxLagMillis.get()));
    }
}
