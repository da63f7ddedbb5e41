package dev.invalidator.service.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies, in µs, by nearest rank: the p-th percentile is the smallest value that at least
 * p % of the values do not exceed.
 */
record LatencySummary(int count, long p50, long p90, long p99, long p999, long max) {

    static LatencySummary of(long[] micros) {
        if (micros.length == 0) {
            throw new IllegalArgumentException("no latencies to summarize");
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, rank(sorted, 500), rank(sorted, 900), rank(sorted, 990),
                rank(sorted, 999), sorted[sorted.length - 1]);
    }

    /** In whole numbers, per mille, so that 99.9 % of 1,000 is rank 999 and not one more by rounding. */
    private static long rank(long[] sorted, int perMille) {
        long rank = ((long) perMille * sorted.length + 999) / 1_000;
        return sorted[(int) Math.max(0, rank - 1)];
    }
}
