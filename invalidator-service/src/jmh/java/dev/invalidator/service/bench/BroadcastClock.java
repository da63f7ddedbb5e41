package dev.invalidator.service.bench;

import dev.invalidator.client.broadcast.BroadcastSubscriber;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an application node's near-cache would be told, timed: per write, when a {@code BroadcastFollower} handed over
 * the broadcast naming its key ({@code <prefix>item:<id>:<seq>}). Keys of writes with a negative sequence number are
 * the start-up probes.
 */
final class BroadcastClock implements BroadcastSubscriber {

    private final String keyPrefix;
    private final WriteTimes received;
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private volatile String lastMiss = "";

    BroadcastClock(String keyPrefix, long writes) {
        this.keyPrefix = keyPrefix;
        this.received = new WriteTimes(writes);
    }

    @Override
    public void onBroadcast(InvalidationBroadcast broadcast) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        for (String key : broadcast.keys()) {
            if (!key.startsWith(keyPrefix)) {
                continue;
            }
            long seq = Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
            if (seq < 0) {
                probes.incrementAndGet();
            } else {
                received.set(seq, now);
            }
        }
    }

    @Override
    public void onMissed(MissReason reason, String detail) {
        missed.incrementAndGet();
        lastMiss = reason + ": " + detail;
    }

    /** Per write, when its broadcast arrived. */
    WriteTimes received() {
        return received;
    }

    long probes() {
        return probes.get();
    }

    /** Times the follower reported possibly missed messages; a run with any does not vouch for the broadcast. */
    long missed() {
        return missed.get();
    }

    String lastMiss() {
        return lastMiss;
    }
}
