package dev.invalidator.service.demo;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a few lag samples, in milliseconds (nearest rank). */
record Latencies(double[] sortedMillis) {

    static Latencies of(List<Double> millis) {
        double[] values = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(values);
        return new Latencies(values);
    }

    int count() {
        return sortedMillis.length;
    }

    double percentile(double p) {
        if (sortedMillis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedMillis.length);
        return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, rank - 1))];
    }

    double max() {
        return sortedMillis.length == 0 ? Double.NaN : sortedMillis[sortedMillis.length - 1];
    }

    /** "31 ms" or "-" without samples. */
    static String format(double millis) {
        return Double.isNaN(millis) ? "-" : String.format("%.0f ms", millis);
    }
}
