package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.redis.RedisEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A small benchmark run end to end, against a Kafka broker started here (passed as {@code bench.bootstrap}) and the
 * Redis at 127.0.0.1:6379. Checks what was counted and that nothing is left behind, not how fast anything was.
 */
class ServiceBenchmarkIT {

    private static final RedisEndpoint REDIS = new RedisEndpoint("127.0.0.1", 6379);

    @Test
    void run_smallRun_measuresEveryPhaseRemovesEveryKeyAndLeavesNothingBehind() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            BenchOptions options = new BenchOptions(2_000, 2, 500, Duration.ofSeconds(1), 0,
                    Optional.of(kafka.bootstrapServers()), REDIS, Path.of(BenchOptions.DEFAULT_GOLDEN), Map.of());
            BenchNames names = BenchNames.random();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            BenchReport report = ServiceBenchmark.run(options, names,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(report.raw().events()).isEqualTo(2_000);
            assertThat(report.raw().keysRemoved()).isEmpty();
            assertThat(report.service().events()).isEqualTo(2_000);
            assertThat(report.service().keysRemoved()).hasValue(2_000);
            assertThat(report.naive().events()).isEqualTo(2_000);
            assertThat(report.naive().keysRemoved()).hasValue(2_000);
            long paced = Math.max(1, Math.round(report.service().perSecond() / 2));
            assertThat(report.latency().perSecond()).isEqualTo(report.service().perSecond() / 2);
            assertThat(report.latency().latency().count()).isEqualTo(paced);
            assertThat(report.latency().latency().p50()).isPositive();
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("warm-up: 500 events through each phase")
                    .contains("measuring: 2,000 events")
                    .contains("raw Kafka consume " + names.changeTopic("measured") + ": 2,000 / 2,000");
            assertThat(ReportTable.render(report)).contains("2,000 events of ").contains("JIT warmed by 500 events");
            try (Jedis redis = CacheKeys.connect(REDIS)) {
                assertThat(redis.keys(names.keyPrefix() + "*")).as("cache keys left").isEmpty();
                assertThat(redis.keys(names.namespace() + "*")).as("service keys left").isEmpty();
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                        .as("topics left").noneMatch(topic -> topic.contains(names.run())));
            }
        }
    }
}
