package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.redis.RedisEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A small latency run end to end: embedded PostgreSQL and Kafka started by the benchmark, capture and the service in
 * this JVM, the Redis at 127.0.0.1:6379. Checks that every row was measured through every stage, the near-cache's
 * included, and that the run's Redis keys are gone, not how fast anything was.
 */
class CommitLatencyBenchmarkIT {

    private static final RedisEndpoint REDIS = new RedisEndpoint("127.0.0.1", 6379);

    @Test
    void run_smallRun_measuresEveryRowAfterTheWarmUpThroughEveryStage() throws Exception {
        CommitLatencyOptions options = new CommitLatencyOptions(200, 10, Duration.ofSeconds(3), Duration.ofSeconds(1),
                100, 1, REDIS, Map.of(), Map.of());
        String run = UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        CommitLatencyReport report = CommitLatencyBenchmark.run(options, run,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.written()).isEqualTo(800);
        // 600 rows are due after the 1 s warm-up; a writer running late commits a few more after it.
        assertThat(report.measuredRows()).isBetween(590L, 800L);
        assertThat(report.stages()).extracting(CommitLatencyReport.Stage::name).containsExactly(
                "capture: commit -> Kafka append", "service: Kafka append -> Redis applied",
                "commit -> Redis applied", "commit -> broadcast received", "commit -> near-cache evicted",
                "broadcast published -> near-cache evicted");
        assertThat(report.stages()).allSatisfy(stage ->
                assertThat((long) stage.latency().count()).isEqualTo(report.measuredRows()));
        assertThat(report.commitToRedis().p50()).isPositive();
        assertThat(report.stages().get(4).latency().p50()).as("commit -> near-cache evicted").isPositive();
        assertThat(report.stages().get(5).latency().max()).as("broadcast published -> near-cache evicted")
                .isPositive();
        assertThat(report.missedBroadcasts()).isZero();
        assertThat(report.nearCacheOtherEvictions()).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("capture streams and the follower hears");
        assertThat(report.render()).contains("200 rows/s in transactions of 10 rows")
                .contains("commit -> broadcast received").contains("commit -> near-cache evicted")
                .contains("broadcast published -> near-cache evicted").contains("target: p99 commit -> Redis applied");
        try (Jedis redis = new Jedis(REDIS.host(), REDIS.port())) {
            assertThat(redis.keys("latbench-" + run + "-inv:*")).as("service keys left").isEmpty();
        }
    }
}
