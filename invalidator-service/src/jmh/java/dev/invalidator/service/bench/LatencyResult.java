package dev.invalidator.service.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * The latency phase: events produced at a steady rate while the service runs, each measured from its Kafka append
 * time to the moment the service had applied and broadcast it.
 *
 * @param perSecond the rate produced at
 * @param duration  how long it produced
 * @param latency   append → applied, in µs
 */
record LatencyResult(double perSecond, boolean halfRate, Duration duration, LatencySummary latency) {

    LatencyResult {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(latency, "latency");
    }
}
