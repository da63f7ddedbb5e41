package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportTableTest {

    private static final PhaseResult RAW = new PhaseResult(RawConsumePhase.NAME, 200_000, Duration.ofSeconds(1),
            OptionalLong.empty());
    private static final PhaseResult NAIVE = new PhaseResult(NaiveDeletePhase.NAME, 200_000, Duration.ofSeconds(20),
            OptionalLong.of(200_000));

    private static final TimeShares PROFILE = new TimeShares(Map.of("Redis", 1L, "commit", 3L), 1_000, 4_000);

    @Test
    void render_serviceAtHalfTheRawRateAndP99AtFiveMillis_meetsBothTargets() {
        BenchReport report = new BenchReport("setting", RAW, service(Duration.ofSeconds(2)), PROFILE, NAIVE,
                latency(5_000));

        String table = ReportTable.render(report);

        assertThat(report.throughputTargetMet()).isTrue();
        assertThat(report.latencyTargetMet()).isTrue();
        assertThat(table)
                .contains("raw Kafka consume               200,000     1.000     200,000    1.00x             -")
                .contains("service: Redis + broadcast      200,000     2.000     100,000    0.50x       200,000")
                .contains("naive DEL per event             200,000    20.000      10,000    0.05x       200,000")
                .contains("service thread time: ")
                .contains("at 50,000 events/s for 10 s")
                .contains("events 500,000   p50 1.00 ms   p90 2.00 ms   p99 5.00 ms   p99.9 7.00 ms   max 9.00 ms")
                .containsPattern("service >= 0.5x raw consume: +0.50x +met")
                .containsPattern("p99 added latency <= 5.00 ms at half rate: 5.00 ms +met");
    }

    @Test
    void render_slowServiceAndLateP99_missesBothTargets() {
        BenchReport report = new BenchReport("setting", RAW, service(Duration.ofMillis(2_001)), PROFILE, NAIVE,
                latency(5_001));

        String table = ReportTable.render(report);

        assertThat(report.throughputTargetMet()).isFalse();
        assertThat(report.latencyTargetMet()).isFalse();
        assertThat(table).containsPattern("0.50x +MISSED").containsPattern("5.00 ms +MISSED");
    }

    @Test
    void render_latencyAtASetRate_judgesNoLatencyTarget() {
        BenchReport report = new BenchReport("setting", RAW, service(Duration.ofSeconds(2)), PROFILE, NAIVE,
                new LatencyResult(10_000, false, Duration.ofSeconds(10),
                        new LatencySummary(100_000, 1_000, 2_000, 3_000, 7_000, 9_000)));

        String table = ReportTable.render(report);

        assertThat(table).contains("at 10,000 events/s for 10 s")
                .contains("p99 added latency <= 5.00 ms at half rate: not measured (bench.latencyRate set the rate)")
                .doesNotContain("3.00 ms   met");
    }

    private static PhaseResult service(Duration elapsed) {
        return new PhaseResult(ServicePhase.NAME, 200_000, elapsed, OptionalLong.of(200_000));
    }

    private static LatencyResult latency(long p99Micros) {
        return new LatencyResult(50_000, true, Duration.ofSeconds(10),
                new LatencySummary(500_000, 1_000, 2_000, p99Micros, 7_000, 9_000));
    }
}
