package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.CascadeLimits;
import dev.invalidator.service.redis.PatternBudget;
import dev.invalidator.service.redis.RedisApplier;
import dev.invalidator.service.redis.RedisEndpoint;
import dev.invalidator.service.redis.RedisWork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Refresh targets from change records to the real Redis at 127.0.0.1:6379: planned by {@link BatchPlanner}, applied by
 * {@link RedisApplier}, each test under its own namespace and key prefix.
 */
class RefreshRedisIT {

    private static final RedisEndpoint REDIS = new RedisEndpoint("127.0.0.1", 6379);

    @TempDir
    Path rulesDirectory;

    private Jedis redis;
    private RedisKeyLayout layout;
    private String prefix;
    private BatchPlanner planner;
    private RedisApplier applier;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        layout = new RedisKeyLayout("it-inv-" + run + ":");
        prefix = "it-" + run + ":";
        redis = new Jedis(new HostAndPort(REDIS.host(), REDIS.port()));
        Files.writeString(rulesDirectory.resolve("products.yaml"), """
                version: 1
                rules:
                  - name: product-refresh
                    table: pg.inv.products
                    on: [create, update, delete]
                    invalidate:
                      keys: ["%1$spage:{id}"]
                      refresh:
                        - key: "%1$sproduct:{id}"
                          columns: [id, sku, price]
                          ttl: 1h
                """.formatted(prefix));
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(rulesDirectory);
        assertThat(loaded.problems()).filteredOn(p -> p.isError()).isEmpty();
        planner = new BatchPlanner(ChangeEventReader.builder().build(),
                new LiveRules(loaded.engine().orElseThrow(), BeforeImages.learning()), layout);
        applier = RedisApplier.connect(REDIS, layout, CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        applier.close();
        for (String pattern : List.of(prefix + "*", layout.namespace() + "*")) {
            redis.keys(pattern).forEach(redis::unlink);
        }
        redis.close();
    }

    @Test
    void apply_createUpdateDelete_writesReplacesAndRemovesTheValue() throws Exception {
        String key = prefix + "product:7";

        Batch created = apply(record("c", null, "{\"id\":7,\"sku\":\"A\",\"price\":10,\"title\":\"x\"}", 100));
        assertThat(redis.get(key)).isEqualTo("{\"id\":7,\"sku\":\"A\",\"price\":10}");
        assertThat(redis.pttl(key)).isBetween(3_500_000L, 3_600_000L);
        assertThat(redis.get(layout.refreshPositionKey(key))).isEqualTo("pg:00000000000000000100");
        // The refreshed key is announced as a key, so near-caches evict it.
        assertThat(created.announcements()).singleElement().satisfies(a -> assertThat(a.keys())
                .containsExactlyInAnyOrder(prefix + "page:7", key));

        apply(record("u", null, "{\"id\":7,\"sku\":\"A\",\"price\":12,\"title\":\"x\"}", 200));
        assertThat(redis.get(key)).isEqualTo("{\"id\":7,\"sku\":\"A\",\"price\":12}");

        apply(record("d", "{\"id\":7}", null, 300));
        assertThat(redis.exists(key)).isFalse();
        // The position stays as a tombstone, with the TTL.
        assertThat(redis.get(layout.refreshPositionKey(key))).isEqualTo("pg:00000000000000000300");
        assertThat(redis.pttl(layout.refreshPositionKey(key))).isPositive();
    }

    @Test
    void apply_olderBatchReplayedAfterANewerOne_keepsTheNewerValue() throws Exception {
        String key = prefix + "product:7";
        List<ConsumerRecord<byte[], byte[]>> older = List.of(
                record("c", null, "{\"id\":7,\"sku\":\"A\",\"price\":10}", 100),
                record("u", null, "{\"id\":7,\"sku\":\"A\",\"price\":11}", 150));
        List<ConsumerRecord<byte[], byte[]>> newer = List.of(
                record("u", null, "{\"id\":7,\"sku\":\"A\",\"price\":12}", 200));
        apply(older);
        apply(newer);

        ApplyResult replay = applyResult(older);

        assertThat(replay.refreshesRefused()).isEqualTo(1);
        assertThat(replay.refreshesWritten()).isZero();
        assertThat(redis.get(key)).isEqualTo("{\"id\":7,\"sku\":\"A\",\"price\":12}");
        assertThat(redis.get(layout.refreshPositionKey(key))).isEqualTo("pg:00000000000000000200");
    }

    @Test
    void apply_createReplayedAfterTheDelete_doesNotResurrectTheRow() throws Exception {
        String key = prefix + "product:7";
        List<ConsumerRecord<byte[], byte[]>> create = List.of(record("c", null, "{\"id\":7,\"sku\":\"A\",\"price\":10}", 100));
        apply(create);
        apply(List.of(record("d", "{\"id\":7}", null, 200)));

        apply(create);

        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void apply_refresh_removesTheKeysLeaseSoARacingFillIsRefused() throws Exception {
        String key = prefix + "product:7";
        redis.set(layout.leaseKey(key), "reader-token");

        ApplyResult result = applyResult(List.of(record("c", null, "{\"id\":7,\"sku\":\"A\",\"price\":10}", 100)));

        assertThat(result.refreshesWritten()).isEqualTo(1);
        assertThat(result.leasesRemoved()).isEqualTo(1);
        assertThat(redis.exists(layout.leaseKey(key))).isFalse();
    }

    @Test
    void apply_sameKeyTwiceInOneBatch_writesTheLatest() throws Exception {
        String key = prefix + "product:7";

        apply(List.of(record("u", null, "{\"id\":7,\"sku\":\"A\",\"price\":12}", 200),
                record("u", null, "{\"id\":7,\"sku\":\"A\",\"price\":11}", 150)));

        assertThat(redis.get(key)).isEqualTo("{\"id\":7,\"sku\":\"A\",\"price\":12}");
    }

    private Batch apply(ConsumerRecord<byte[], byte[]> record) throws Exception {
        return apply(List.of(record));
    }

    private Batch apply(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Batch batch = planner.plan(records);
        assertThat(batch.deadLetters()).isEmpty();
        batch.work().forEach(applier::apply);
        return batch;
    }

    private ApplyResult applyResult(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Batch batch = planner.plan(records);
        assertThat(batch.work()).hasSize(1);
        RedisWork work = batch.work().get(0);
        return applier.apply(work);
    }

    /** A Debezium PostgreSQL change record of pg.inv.products, schemas off, at {@code lsn}. */
    private ConsumerRecord<byte[], byte[]> record(String op, String before, String after, long lsn) {
        String value = "{\"before\":" + before + ",\"after\":" + after + ",\"source\":{\"version\":\"3.5.0.Final\","
                + "\"connector\":\"postgresql\",\"name\":\"pg\",\"ts_ms\":1795587614519,\"snapshot\":\"false\","
                + "\"db\":\"postgres\",\"schema\":\"inv\",\"table\":\"products\",\"txId\":" + lsn + ",\"lsn\":" + lsn
                + "},\"transaction\":null,\"op\":\"" + op + "\",\"ts_ms\":1795587614661}";
        return new ConsumerRecord<>("pg.inv.products", 0, offset++, "{\"id\":7}".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
