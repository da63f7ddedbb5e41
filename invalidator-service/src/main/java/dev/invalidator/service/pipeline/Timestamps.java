package dev.invalidator.service.pipeline;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Points in time, in microseconds since the epoch, one per applied record: a growable array of primitives so that
 * collecting one per event costs no object. Appended to by the planner only, read once the batch is applied.
 */
public final class Timestamps {

    private long[] micros = new long[16];
    private int size;

    Timestamps() {
    }

    /** Timestamps already known, in microseconds since the epoch. */
    public static Timestamps of(long... epochMicros) {
        Timestamps timestamps = new Timestamps();
        for (long micros : epochMicros) {
            timestamps.add(micros);
        }
        return timestamps;
    }

    void add(long epochMicros) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
        }
        micros[size++] = epochMicros;
    }

    public int size() {
        return size;
    }

    public long[] toArray() {
        return Arrays.copyOf(micros, size);
    }

    public void forEach(LongConsumer action) {
        for (int i = 0; i < size; i++) {
            action.accept(micros[i]);
        }
    }
}
