package dev.invalidator.service.demo;

import dev.invalidator.client.nearcache.NearCacheStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The table the demo ends with, and whether the run passed. */
final class Summary {

    private final DemoSettings settings;
    private final List<Expectation> expectations;
    private final PipelineCounters counters;
    private final NearCacheStats nearCache;
    private final long missedReports;
    private final double workloadSeconds;

    Summary(DemoSettings settings, InvalidationWatch watch, PipelineCounters counters, NearCacheStats nearCache,
            double workloadSeconds) {
        this.settings = settings;
        this.expectations = watch.expectations();
        this.counters = counters;
        this.nearCache = nearCache;
        this.missedReports = watch.missedReports();
        this.workloadSeconds = workloadSeconds;
    }

    /** Every expected invalidation arrived in Redis and in the near-cache, and no event was dead-lettered. */
    boolean passed() {
        return expectations.stream().allMatch(Expectation::done) && counters.deadLetters() == 0;
    }

    void print(PrintWriter out) {
        List<Double> redis = new ArrayList<>();
        List<Double> near = new ArrayList<>();
        for (Expectation e : expectations) {
            if (!e.inRedis()) {
                redis.add(e.redisLagMillis());
            }
            if (!e.inNearCache()) {
                near.add(e.nearCacheLagMillis());
            }
        }
        out.println();
        out.printf("Summary: %d products written, %d prices changed, 1 product moved to another category, in %.1f s%n",
                settings.rows(), settings.changes(), workloadSeconds);
        out.printf("  %-38s %8d%n", "change events planned by the service", counters.events());
        out.printf("  %-38s %8d%n", "Redis keys removed", counters.keysRemoved());
        out.printf("  %-38s %8d%n", "Redis tag-set members removed", counters.tagMembersRemoved());
        out.printf("  %-38s %8d%n", "near-cache evictions", nearCache.evictionCount());
        out.printf("  %-38s %8d%n", "events dead-lettered", counters.deadLetters());
        out.printf("  %-38s %8d%n", "missed-broadcast reports", missedReports);
        out.printf("  %-38s %4d of %d%n", "invalidations verified in Redis", redis.size(), expectations.size());
        out.printf("  %-38s %4d of %d%n", "invalidations verified in near-cache", near.size(), expectations.size());
        out.println();
        out.printf("  %-34s %8s %8s %8s %8s%n", "lag from commit", "p50", "p90", "p99", "max");
        row(out, "commit -> removed from Redis", Latencies.of(redis));
        row(out, "commit -> evicted from near-cache", Latencies.of(near));
        out.println();
        if (passed()) {
            out.println("PASSED: every change invalidated what it should, in Redis and in the near-cache.");
        } else if (counters.deadLetters() > 0) {
            out.println("FAILED: " + counters.deadLetters() + " event(s) went to the dead-letter topic.");
        } else {
            out.println("FAILED: not every invalidation arrived.");
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, Latencies lags) {
        out.printf("  %-34s %8s %8s %8s %8s%n", name, Latencies.format(lags.percentile(50)),
                Latencies.format(lags.percentile(90)), Latencies.format(lags.percentile(99)),
                Latencies.format(lags.max()));
    }
}
