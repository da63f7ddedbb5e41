package dev.invalidator.service.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One point in time per write, indexed by the write's sequence number; 0 until known. Set by one thread, read by
 * others once it is done (atomic arrays, so that a reader polling the count sees what was set before).
 */
final class WriteTimes {

    private final AtomicLongArray micros;
    private final AtomicLong known = new AtomicLong();

    WriteTimes(long writes) {
        this.micros = new AtomicLongArray(Math.toIntExact(writes));
    }

    /** Sets the write's time unless known already (a replay keeps the first); a seq out of range is ignored. */
    void set(long seq, long epochMicros) {
        if (seq >= 0 && seq < micros.length() && micros.compareAndSet((int) seq, 0, epochMicros)) {
            known.incrementAndGet();
        }
    }

    /** The write's time in microseconds since the epoch, 0 when not known. */
    long get(long seq) {
        return micros.get((int) seq);
    }

    /** How many writes have a time. */
    long known() {
        return known.get();
    }

    int length() {
        return micros.length();
    }
}
