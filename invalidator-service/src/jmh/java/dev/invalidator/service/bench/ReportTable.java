package dev.invalidator.service.bench;

import java.util.List;
import java.util.Locale;

/** The report as a person reads it: the throughput table, the latency percentiles, the targets. */
final class ReportTable {

    private ReportTable() {
    }

    static String render(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.setting()).append('\n').append('\n');
        out.append(String.format(Locale.ROOT, "%-28s %10s %9s %11s %8s %13s%n", "phase", "events", "seconds",
                "events/s", "vs raw", "keys removed"));
        for (PhaseResult phase : List.of(report.raw(), report.service(), report.naive())) {
            out.append(String.format(Locale.ROOT, "%-28s %,10d %9.3f %,11.0f %7.2fx %13s%n", phase.phase(),
                    phase.events(), phase.seconds(), phase.perSecond(), report.ratioToRaw(phase),
                    phase.keysRemoved().isPresent() ? String.format(Locale.ROOT, "%,d",
                            phase.keysRemoved().getAsLong()) : "-"));
        }
        out.append("  service thread time: ").append(report.serviceProfile().describe()).append('\n');
        LatencyResult latency = report.latency();
        LatencySummary l = latency.latency();
        out.append('\n').append(String.format(Locale.ROOT,
                "added latency, Kafka append -> applied (Redis + broadcast ack), at %,.0f events/s for %d s:%n",
                latency.perSecond(), latency.duration().toSeconds()));
        out.append(String.format(Locale.ROOT,
                "  events %,d   p50 %s   p90 %s   p99 %s   p99.9 %s   max %s%n", l.count(), millis(l.p50()),
                millis(l.p90()), millis(l.p99()), millis(l.p999()), millis(l.max())));
        out.append('\n').append("targets:\n");
        out.append(String.format(Locale.ROOT, "  service >= %.1fx raw consume:           %.2fx   %s%n",
                BenchReport.SERVICE_RATIO_TARGET, report.ratioToRaw(report.service()),
                verdict(report.throughputTargetMet())));
        if (latency.halfRate()) {
            out.append(String.format(Locale.ROOT, "  p99 added latency <= %s at half rate: %s   %s%n",
                    millis(BenchReport.P99_TARGET_MICROS), millis(l.p99()), verdict(report.latencyTargetMet())));
        } else {
            out.append(String.format(Locale.ROOT, "  p99 added latency <= %s at half rate: not measured (%s set the"
                    + " rate)%n", millis(BenchReport.P99_TARGET_MICROS), BenchOptions.LATENCY_RATE));
        }
        return out.toString();
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
