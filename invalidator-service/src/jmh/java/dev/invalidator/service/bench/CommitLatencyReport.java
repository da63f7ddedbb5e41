package dev.invalidator.service.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@link CommitLatencyBenchmark} measured, and the table a person reads. */
record CommitLatencyReport(CommitLatencyOptions options, double achievedRate, long written, double maxLateMillis,
                           long lateTransactions, long measuredRows, double appliedRate, List<Stage> stages,
                           LatencySummary batchEvents, LatencySummary redisApply, LatencySummary broadcastAck,
                           long missedBroadcasts, long nearCacheOtherEvictions, String machineLoad,
                           List<LatencySummary> windows) {

    /** Seconds of commit time per window of {@link #windows}. */
    static final int WINDOW_SECONDS = 10;

    /** One stage's latencies, in µs. */
    record Stage(String name, LatencySummary latency) {
    }

    static CommitLatencyReport of(CommitLatencyOptions options, SteadyWriter writer, long written, long measureFrom,
                                  ChangeTap tap, AppliedClock applied, BroadcastClock broadcasts,
                                  NearCacheClock near, String machineLoad) {
        WriteTimes commits = tap.commits();
        long[] capture = new long[(int) written];
        long[] received = new long[(int) written];
        long[] evicted = new long[(int) written];
        long[] publishedToEvicted = new long[(int) written];
        int measured = 0;
        for (int seq = 0; seq < written; seq++) {
            long commit = commits.get(seq);
            if (commit >= measureFrom) {
                // The append time has millisecond resolution: it may read up to 1 ms before the commit.
                capture[measured] = Math.max(0, tap.appends().get(seq) - commit);
                received[measured] = broadcasts.received().get(seq) - commit;
                evicted[measured] = near.evicted().get(seq) - commit;
                publishedToEvicted[measured] = near.evicted().get(seq) - near.published().get(seq);
                measured++;
            }
        }
        if (measured == 0) {
            throw new IllegalStateException("no row was committed after the warm-up: raise "
                    + CommitLatencyOptions.SECONDS);
        }
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("capture: commit -> Kafka append", LatencySummary.of(Arrays.copyOf(capture,
                measured))));
        stages.add(new Stage("service: Kafka append -> Redis applied",
                LatencySummary.of(applied.appendToApplied().toArray())));
        stages.add(new Stage("commit -> Redis applied", LatencySummary.of(applied.commitToApplied().toArray())));
        stages.add(new Stage("commit -> broadcast received", LatencySummary.of(Arrays.copyOf(received,
                measured))));
        stages.add(new Stage("commit -> near-cache evicted", LatencySummary.of(Arrays.copyOf(evicted, measured))));
        stages.add(new Stage("broadcast published -> near-cache evicted",
                LatencySummary.of(Arrays.copyOf(publishedToEvicted, measured))));
        return new CommitLatencyReport(options, writer.achievedRate(), written, writer.maxLateMillis(),
                writer.lateTransactions(), measured, applied.appliedRate(), stages,
                LatencySummary.of(applied.batchEvents().toArray()), LatencySummary.of(applied.redisApply().toArray()),
                LatencySummary.of(applied.broadcastAck().toArray()), broadcasts.missed(), near.otherEvictions(),
                machineLoad,
                windows(measureFrom, applied.measuredCommits().toArray(), applied.commitToApplied().toArray()));
    }

    /** Commit to Redis applied per {@link #WINDOW_SECONDS} of commit time: whether a backlog was still draining. */
    static List<LatencySummary> windows(long measureFrom, long[] commits, long[] latencies) {
        long width = WINDOW_SECONDS * 1_000_000L;
        int count = 0;
        for (long commit : commits) {
            count = (int) Math.max(count, (commit - measureFrom) / width + 1);
        }
        List<LatencySummary> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            long[] in = new long[commits.length];
            int n = 0;
            for (int i = 0; i < commits.length; i++) {
                if ((commits[i] - measureFrom) / width == w) {
                    in[n++] = latencies[i];
                }
            }
            if (n > 0) {
                windows.add(LatencySummary.of(Arrays.copyOf(in, n)));
            }
        }
        return windows;
    }

    /** The commit-to-Redis stage. */
    LatencySummary commitToRedis() {
        return stages.get(2).latency();
    }

    boolean targetMet() {
        return commitToRedis().p99() <= CommitLatencyBenchmark.P99_TARGET_MICROS;
    }

    /** The writer kept the rate: at least 98 % of it, and no transaction started a second or more late. */
    boolean writerKeptRate() {
        return achievedRate >= 0.98 * options.rate() && maxLateMillis < 1_000;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d rows/s in transactions of %d rows, %d s warm-up, %d s measured; "
                        + "PostgreSQL 14 (embedded, logical WAL) -> capture in the service (Debezium embedded, "
                        + "pgoutput) -> Kafka (embedded broker, %d partition%s) -> service -> Redis %s + Kafka "
                        + "broadcast -> BroadcastFollower, and NearCache on a BroadcastFollower of its own; %d cores%n",
                options.rate(), options.txRows(), options.warmup().toSeconds(), options.measured().toSeconds(),
                options.partitions(), options.partitions() == 1 ? "" : "s", options.redis(),
                Runtime.getRuntime().availableProcessors()));
        out.append(machineLoad).append('\n');
        if (!options.capture().isEmpty()) {
            out.append("capture properties over the defaults: ").append(describe(options.capture())).append('\n');
        }
        if (!options.serviceClient().isEmpty()) {
            out.append("kafka.client.*: ").append(describe(options.serviceClient())).append('\n');
        }
        out.append(String.format(Locale.ROOT, "writer: %,d rows at %,.0f rows/s (target %,d); latest transaction "
                        + "start %.1f ms after due, %d more than one interval late%n", written, achievedRate,
                options.rate(), maxLateMillis, lateTransactions));
        out.append(String.format(Locale.ROOT, "measured: %,d rows committed after the warm-up, applied at %,.0f "
                + "events/s%n%n", measuredRows, appliedRate));
        out.append(String.format(Locale.ROOT, "%-42s %9s %8s %8s %8s %8s %8s%n", "per row, ms", "rows", "p50", "p90",
                "p99", "p99.9", "max"));
        for (Stage stage : stages) {
            out.append(row(stage.name(), stage.latency()));
        }
        out.append(String.format(Locale.ROOT, "%nper batch (%,d batches): events p50 %d, p99 %d, max %d; Redis "
                        + "apply p50 %s, p99 %s ms; broadcast send + ack p50 %s, p99 %s ms%n", batchEvents.count(),
                batchEvents.p50(), batchEvents.p99(), batchEvents.max(), ms(redisApply.p50()), ms(redisApply.p99()),
                ms(broadcastAck.p50()), ms(broadcastAck.p99())));
        out.append(String.format(Locale.ROOT, "commit -> Redis applied p99 per %d s of commits:", WINDOW_SECONDS));
        for (LatencySummary window : windows) {
            out.append(' ').append(ms(window.p99()));
        }
        out.append(" ms\n");
        out.append("commit = PostgreSQL's commit timestamp (source.ts_us, µs); Kafka append = the change topic's "
                + "LogAppendTime (ms); broadcast published = its publishedAtMillis (ms: published -> near-cache "
                + "evicted reads up to 1 ms high)\n");
        if (missedBroadcasts > 0) {
            out.append(String.format(Locale.ROOT, "WARNING: the follower reported %d possibly missed broadcasts%n",
                    missedBroadcasts));
        }
        if (nearCacheOtherEvictions > 0) {
            out.append(String.format(Locale.ROOT, "WARNING: %d near-cache entries left for another cause than their "
                    + "key's broadcast%n", nearCacheOtherEvictions));
        }
        if (!writerKeptRate()) {
            out.append(String.format(Locale.ROOT, "WARNING: the writer did not keep the rate (%,.0f of %,d rows/s, "
                    + "up to %.0f ms behind its schedule): the numbers are for a lower load%n", achievedRate,
                    options.rate(), maxLateMillis));
        }
        out.append(String.format(Locale.ROOT, "%ntarget: p99 commit -> Redis applied <= %s ms: %s ms   %s%n",
                ms(CommitLatencyBenchmark.P99_TARGET_MICROS), ms(commitToRedis().p99()),
                targetMet() ? "met" : "MISSED"));
        return out.toString();
    }

    private static String row(String name, LatencySummary l) {
        return String.format(Locale.ROOT, "%-42s %,9d %8s %8s %8s %8s %8s%n", name, l.count(), ms(l.p50()),
                ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String describe(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
