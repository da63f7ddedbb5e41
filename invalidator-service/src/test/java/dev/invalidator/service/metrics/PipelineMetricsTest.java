package dev.invalidator.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.invalidator.rules.engine.TargetType;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.BatchFacts;
import dev.invalidator.service.pipeline.DeadLetterKind;
import dev.invalidator.service.pipeline.Timestamps;
import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private static final TableId CUSTOMERS = new TableId("pg", "postgres", "inv", "customers");
    private static final TableId ORDERS = new TableId("pg", "postgres", "inv", "orders");
    /** 2026-11-25T06:20:14.600Z in microseconds since the epoch. */
    private static final long APPLIED_MICROS = 1_795_587_614_600_000L;
    private static final Instant APPLIED = Instant.ofEpochSecond(0, APPLIED_MICROS * 1_000);

    private final PipelineMetrics metrics = PipelineMetrics.create();
    private final MeterRegistry registry = metrics.registry();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void batchApplied_countsEventsRulesTargetsSkipsAndRequestsByTag() {
        metrics.batchApplied(batch(facts(Timestamps.of(), Timestamps.of())), APPLIED);
        metrics.batchApplied(batch(facts(Timestamps.of(), Timestamps.of())), APPLIED);

        assertThat(count("invalidator.events", "table", "pg.inv.customers", "op", "create")).isEqualTo(4);
        assertThat(count("invalidator.events", "table", "pg.inv.customers", "op", "delete")).isEqualTo(2);
        assertThat(count("invalidator.events", "table", "pg.inv.orders", "op", "update")).isEqualTo(20);
        assertThat(count("invalidator.rule.matches", "rule", "customer")).isEqualTo(6);
        assertThat(count("invalidator.rule.matches", "rule", "order")).isEqualTo(20);
        assertThat(count("invalidator.targets", "kind", "key", "cascade", "false")).isEqualTo(14);
        assertThat(count("invalidator.targets", "kind", "tag", "cascade", "false")).isEqualTo(4);
        assertThat(count("invalidator.targets", "kind", "pattern", "cascade", "true")).isEqualTo(2);
        assertThat(count("invalidator.targets", "kind", "key", "cascade", "true")).isZero();
        assertThat(count("invalidator.targets.skipped", "reason", "NULL")).isEqualTo(6);
        assertThat(count("invalidator.targets.skipped", "reason", "BEFORE_IMAGE_PARTIAL")).isEqualTo(2);
        assertThat(count("invalidator.requests", "dry_run", "false")).isEqualTo(4);
        assertThat(count("invalidator.requests", "dry_run", "true")).isEqualTo(2);
        assertThat(registry.get("invalidator.batch.size").summary().count()).isEqualTo(2);
        assertThat(registry.get("invalidator.batch.size").summary().totalAmount()).isEqualTo(2 * 20);
        assertThat(registry.get("invalidator.batch.events").summary().totalAmount()).isEqualTo(2 * 13);
        assertThat(count("invalidator.dead.letters", "reason", "unreadable")).as("counted once published").isZero();
    }

    @Test
    void batchApplied_recordsOneLatencySamplePerTimestamp() {
        Timestamps committed = Timestamps.of(APPLIED_MICROS - 20_000, APPLIED_MICROS - 5_000_000);
        Timestamps appended = Timestamps.of(APPLIED_MICROS - 10_000, APPLIED_MICROS - 2_000, APPLIED_MICROS);

        metrics.batchApplied(batch(facts(committed, appended)), APPLIED);

        Timer commitToApplied = registry.get("invalidator.commit.to.applied").timer();
        assertThat(commitToApplied.count()).isEqualTo(2);
        assertThat(commitToApplied.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(5_020, within(0.001));
        assertThat(commitToApplied.max(TimeUnit.MILLISECONDS)).isCloseTo(5_000, within(0.001));
        Timer appendToApplied = registry.get("invalidator.kafka.append.to.applied").timer();
        assertThat(appendToApplied.count()).isEqualTo(3);
        assertThat(appendToApplied.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(12, within(0.001));
    }

    @Test
    void batchApplied_commitTimeAheadOfOurClock_countsAsZeroLatency() {
        metrics.batchApplied(batch(facts(Timestamps.of(APPLIED_MICROS + 3_000), Timestamps.of())), APPLIED);

        Timer commitToApplied = registry.get("invalidator.commit.to.applied").timer();
        assertThat(commitToApplied.count()).isEqualTo(1);
        assertThat(commitToApplied.totalTime(TimeUnit.NANOSECONDS)).isZero();
    }

    @Test
    void scrape_latencyTimers_arePrometheusHistogramsWithBuckets() {
        metrics.batchApplied(batch(facts(Timestamps.of(APPLIED_MICROS - 20_000), Timestamps.of(APPLIED_MICROS))),
                APPLIED);

        String scrape = metrics.scrape();

        assertThat(scrape)
                .contains("# TYPE invalidator_commit_to_applied_seconds histogram")
                .contains("invalidator_commit_to_applied_seconds_bucket{le=\"0.001\"} 0")
                .contains("invalidator_commit_to_applied_seconds_bucket{le=\"+Inf\"} 1")
                .contains("invalidator_commit_to_applied_seconds_count 1")
                .contains("invalidator_kafka_append_to_applied_seconds_bucket{le=")
                .contains("invalidator_events_total{op=\"create\",table=\"pg.inv.customers\"} 2")
                .contains("invalidator_targets_total{cascade=\"true\",kind=\"pattern\"} 1")
                .contains("invalidator_batch_size_count 1");
        assertThat(bucket(scrape, "invalidator_commit_to_applied_seconds_bucket", "+Inf")).isEqualTo(1);
    }

    @Test
    void workApplied_countsRemovedEntriesByKindAndTheLimitsReached() {
        metrics.workApplied(RedisWork.keys(Set.of("a")), new ApplyResult(5, 3, 7, 2, 4, true, false, true, 0, 0), 1_500_000);
        metrics.workApplied(RedisWork.keys(Set.of("b")), new ApplyResult(1, 0, 0, 0, 1, false, true, false, 0, 0), 500_000);

        assertThat(count("invalidator.keys.removed", "kind", "keys")).isEqualTo(6);
        assertThat(count("invalidator.keys.removed", "kind", "tag-members")).isEqualTo(3);
        assertThat(count("invalidator.keys.removed", "kind", "dependents")).isEqualTo(7);
        assertThat(count("invalidator.keys.removed", "kind", "leases")).isEqualTo(2);
        assertThat(count("invalidator.limits.reached", "limit", "cascade-depth")).isEqualTo(1);
        assertThat(count("invalidator.limits.reached", "limit", "cascade-fanout")).isEqualTo(1);
        assertThat(count("invalidator.limits.reached", "limit", "pattern-budget")).isEqualTo(1);
        Timer apply = registry.get("invalidator.redis.apply").timer();
        assertThat(apply.count()).isEqualTo(2);
        assertThat(apply.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(2, within(0.001));
    }

    @Test
    void workApplied_countsRefreshesByOutcome() {
        metrics.workApplied(RedisWork.keys(Set.of("a")),
                new ApplyResult(0, 0, 0, 1, 1, false, false, false, 0, 0, 4, 2, 3), 1_000);

        assertThat(count("invalidator.refreshes", "outcome", "written")).isEqualTo(4);
        assertThat(count("invalidator.refreshes", "outcome", "removed")).isEqualTo(2);
        assertThat(count("invalidator.refreshes", "outcome", "refused-older")).isEqualTo(3);
        assertThat(count("invalidator.keys.removed", "kind", "leases")).isEqualTo(1);
    }

    @Test
    void deadLettersPublished_countsLettersByReasonAndTimesTheSend() {
        metrics.deadLettersPublished(batch(facts(Timestamps.of(), Timestamps.of())), 3_000_000);

        assertThat(count("invalidator.dead.letters", "reason", "unreadable")).isEqualTo(2);
        assertThat(count("invalidator.dead.letters", "reason", "rules-failed")).isEqualTo(1);
        assertThat(count("invalidator.dead.letters", "reason", "namespace-key")).isZero();
        assertThat(count("invalidator.dead.letters", "reason", "invalid-request")).isZero();
        assertThat(registry.get("invalidator.dead.letter.publish").timer().count()).isEqualTo(1);
    }

    @Test
    void broadcastPublished_timesTheSend() {
        metrics.broadcastPublished(batch(facts(Timestamps.of(), Timestamps.of())), 2_000_000);

        assertThat(registry.get("invalidator.broadcast.publish").timer().totalTime(TimeUnit.MILLISECONDS))
                .isCloseTo(2, within(0.001));
    }

    @Test
    void scrape_beforeAnyPipeline_showsItNotReadyNotDegradedAndTheJvmMeters() {
        String scrape = metrics.scrape();

        assertThat(scrape)
                .contains("invalidator_pipeline_ready 0")
                .contains("invalidator_pipeline_degraded 0")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_gc_")
                .contains("jvm_threads_live_threads")
                .contains("system_cpu_count")
                .contains("process_uptime_seconds");
    }

    /** 20 records: 13 change events (2 customer creates, 1 delete, 10 order updates), 3 requests, 3 dead letters. */
    private static BatchFacts facts(Timestamps committed, Timestamps appended) {
        return new BatchFacts(20,
                Map.of(CUSTOMERS, Map.of(Operation.CREATE, 2, Operation.DELETE, 1), ORDERS,
                        Map.of(Operation.UPDATE, 10)),
                Map.of("customer", 3, "order", 10),
                Map.of(TargetType.KEY, 7, TargetType.TAG, 2),
                Map.of(TargetType.PATTERN, 1),
                Map.of(SkipReason.NULL, 3, SkipReason.BEFORE_IMAGE_PARTIAL, 1),
                Map.of(DeadLetterKind.UNREADABLE, 2, DeadLetterKind.RULES_FAILED, 1),
                2, 1, committed, appended);
    }

    private static Batch batch(BatchFacts facts) {
        TopicPartition partition = new TopicPartition("pg.inv.customers", 0);
        return new Batch(List.of(), List.of(), List.of(), List.of(), Map.of(partition, 0L),
                Map.of(partition, new OffsetAndMetadata(20)), 13, facts);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private static double bucket(String scrape, String name, String le) {
        String prefix = name + "{le=\"" + le + "\"} ";
        return scrape.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst().orElseThrow();
    }
}
