package dev.invalidator.service.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Samples of a thread's stack by the step it was in; shares of the whole, for a one-line profile. */
record TimeShares(Map<String, Long> samples) {

    TimeShares {
        samples = new LinkedHashMap<>(samples);
    }

    long total() {
        return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code poll 12% · planning 30% · ...}, in the order of the steps, steps never seen left out. */
    String describe() {
        long total = total();
        if (total == 0) {
            return "no samples";
        }
        return samples.entrySet().stream()
                .filter(step -> step.getValue() > 0)
                .map(step -> String.format(Locale.ROOT, "%s %.0f%%", step.getKey(), 100.0 * step.getValue() / total))
                .collect(Collectors.joining(" · ")) + String.format(Locale.ROOT, " (%,d samples)", total);
    }
}
