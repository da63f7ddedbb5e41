package dev.invalidator.service.bench;

import java.util.Objects;

/**
 * Everything one run measured, and whether the service met its targets: at least {@value #SERVICE_RATIO_TARGET} of
 * the raw consume rate, and a p99 added latency of at most {@value #P99_TARGET_MICROS} µs at half the service's rate.
 *
 * @param setting        what was run where, one line for people
 * @param serviceProfile where the pipeline's thread spent its time during the service phase
 */
record BenchReport(String setting, PhaseResult raw, PhaseResult service, TimeShares serviceProfile,
                   PhaseResult naive, LatencyResult latency) {

    static final double SERVICE_RATIO_TARGET = 0.5;
    static final long P99_TARGET_MICROS = 5_000;

    BenchReport {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(serviceProfile, "serviceProfile");
        Objects.requireNonNull(naive, "naive");
        Objects.requireNonNull(latency, "latency");
    }

    /** A phase's rate as a share of the raw consume rate. */
    double ratioToRaw(PhaseResult phase) {
        return phase.perSecond() / raw.perSecond();
    }

    boolean throughputTargetMet() {
        return ratioToRaw(service) >= SERVICE_RATIO_TARGET;
    }

    boolean latencyTargetMet() {
        return latency.latency().p99() <= P99_TARGET_MICROS;
    }
}
