package dev.invalidator.service.bench;

import java.util.Arrays;

/**
 * Per record, by partition and offset: when the broker appended it (its LogAppendTime timestamp, in ms) and when the
 * service had applied it (µs since the epoch), for the latency phase. The producer's callbacks write the one, the
 * pipeline's listener the other; both are read only after the phase ended.
 */
final class AppendTimes {

    private static final long UNSET = Long.MIN_VALUE;

    private final long[][] appendedMillis;
    private final long[][] appliedMicros;

    /** Room for offsets {@code 0 .. endOffsets[p]-1} in each partition {@code p}. */
    AppendTimes(long[] endOffsets) {
        appendedMillis = new long[endOffsets.length][];
        appliedMicros = new long[endOffsets.length][];
        for (int p = 0; p < endOffsets.length; p++) {
            appendedMillis[p] = new long[Math.toIntExact(endOffsets[p])];
            appliedMicros[p] = new long[Math.toIntExact(endOffsets[p])];
            Arrays.fill(appendedMillis[p], UNSET);
            Arrays.fill(appliedMicros[p], UNSET);
        }
    }

    synchronized void appended(int partition, long offset, long timestampMillis) {
        appendedMillis[partition][index(partition, offset)] = timestampMillis;
    }

    /** Records {@code from .. to-1} of the partition applied at {@code micros}. */
    synchronized void applied(int partition, long from, long to, long micros) {
        for (long offset = from; offset < to; offset++) {
            appliedMicros[partition][index(partition, offset)] = micros;
        }
    }

    /**
     * Append → applied, in µs, of every record from offset {@code fromOffset} on in each partition.
     *
     * @throws IllegalStateException naming the first record with either time missing
     */
    synchronized long[] latenciesMicros(long fromOffset) {
        int count = 0;
        for (long[] partition : appendedMillis) {
            count += (int) Math.max(0, partition.length - fromOffset);
        }
        long[] latencies = new long[count];
        int next = 0;
        for (int p = 0; p < appendedMillis.length; p++) {
            for (int offset = (int) fromOffset; offset < appendedMillis[p].length; offset++) {
                long appended = appendedMillis[p][offset];
                long applied = appliedMicros[p][offset];
                if (appended == UNSET || applied == UNSET) {
                    throw new IllegalStateException("partition " + p + " offset " + offset + " has no "
                            + (appended == UNSET ? "append" : "applied") + " time");
                }
                latencies[next++] = applied - appended * 1_000;
            }
        }
        return latencies;
    }

    private int index(int partition, long offset) {
        if (offset < 0 || offset >= appendedMillis[partition].length) {
            throw new IllegalStateException("partition " + partition + " offset " + offset + " is past the "
                    + appendedMillis[partition].length + " records expected there");
        }
        return (int) offset;
    }
}
