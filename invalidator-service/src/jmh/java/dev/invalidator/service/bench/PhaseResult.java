package dev.invalidator.service.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One measured throughput phase.
 *
 * @param phase       what was measured, as the table names it
 * @param events      records read (and, where the phase invalidates, applied)
 * @param elapsed     from creating the consumer to the last record done
 * @param keysRemoved cache keys that were set before the phase and are gone after it; empty when the phase removes
 *                    nothing
 */
record PhaseResult(String phase, long events, Duration elapsed, OptionalLong keysRemoved) {

    PhaseResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(keysRemoved, "keysRemoved");
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("phase " + phase + " took no time: " + elapsed);
        }
    }

    static PhaseResult measured(String phase, long events, long startNanos, long endNanos, OptionalLong keysRemoved) {
        return new PhaseResult(phase, events, Duration.ofNanos(endNanos - startNanos), keysRemoved);
    }

    double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    double perSecond() {
        return events / seconds();
    }
}
