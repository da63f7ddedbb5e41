package dev.invalidator.service.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Samples of a thread's stack by the step it was in, for a one-line profile.
 *
 * @param samples   samples per step, in the order of the steps
 * @param cpuNanos  the thread's CPU time while it was sampled
 * @param wallNanos how long it was sampled
 */
record TimeShares(Map<String, Long> samples, long cpuNanos, long wallNanos) {

    TimeShares {
        samples = new LinkedHashMap<>(samples);
    }

    long total() {
        return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * {@code poll 12% · planning 30% · ... (1,234 samples); on a CPU 25% of 6.2 s}: the steps in their order, steps
     * never seen left out.
     */
    String describe() {
        long total = total();
        if (total == 0) {
            return "no samples";
        }
        return samples.entrySet().stream()
                .filter(step -> step.getValue() > 0)
                .map(step -> String.format(Locale.ROOT, "%s %.0f%%", step.getKey(), 100.0 * step.getValue() / total))
                .collect(Collectors.joining(" · "))
                + String.format(Locale.ROOT, " (%,d samples); on a CPU %.0f%% of %.1f s", total,
                        wallNanos > 0 ? 100.0 * cpuNanos / wallNanos : 0.0, wallNanos / 1e9);
    }
}
