package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.client.broadcast.BroadcastSubscriber;
import dev.invalidator.client.broadcast.Freshness;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.client.nearcache.Attachments;
import dev.invalidator.client.nearcache.NearCache;
import dev.invalidator.client.nearcache.Ttl;
import dev.invalidator.client.nearcache.TtlPolicy;
import dev.invalidator.client.redis.RedisCache;
import dev.invalidator.client.redis.ValueCodec;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The invalidation strategies beyond deleting a key, end to end: one {@code invalidator run} process for the class
 * whose rules on {@code pg.inv.customers} bump a versioned key's version, bump a generation-based tag's generation,
 * refresh a key with a JSON projection of the after-image, and softly remove a key; the client library's
 * {@code RedisCache} and near-caches following the broadcast in the test JVM read what it left. Every event fires
 * every rule; each test uses customer ids of its own and looks at its own strategy's keys.
 */
class StrategiesEndToEndIT {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestKafka kafka = new TestKafka();

    @RegisterExtension
    static final TestRedis redisServer = new TestRedis();

    @RegisterExtension
    static final ServiceProcesses processes = ServiceProcesses.forClass();

    @TempDir
    static Path work;

    private static final ChangeEvents events = ChangeEvents.load();
    private static final AtomicLong sent = new AtomicLong();
    private static TestNames names;
    private static String p;
    private static RedisKeyLayout layout;
    private static ServiceProcess service;

    private Jedis redis;
    private RedisClient client;
    private BroadcastFollower follower;

    @BeforeAll
    static void startService() throws Exception {
        names = TestNames.random();
        p = names.prefix();
        layout = new RedisKeyLayout(names.namespace());
        kafka.createTopics(names, 1);
        RuleFiles.write(work, """
                version: 1
                rules:
                  - name: user-version
                    table: pg.inv.customers
                    invalidate:
                      versions: ["%1$suser:{id}"]
                  - name: category-generation
                    table: pg.inv.customers
                    invalidate:
                      tags: ["%1$scategory:{id}"]
                  - name: card-refresh
                    table: pg.inv.customers
                    invalidate:
                      refresh:
                        - key: "%1$scard:{id}"
                          columns: [id, name, email]
                          ttl: 1h
                  - name: profile-soft
                    table: pg.inv.customers
                    soft: true
                    invalidate:
                      keys: ["%1$sprofile:{id}"]
                """.formatted(p));
        Path config = ServiceConfigFile.forTest(names, kafka.bootstrapServers(), redisServer, work.resolve("rules"),
                        "publisher-" + names.run())
                .set("tags.generation-prefixes", p + "category:")
                .writeTo(work.resolve("service.yaml"));
        service = processes.run("service", config);
        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, service);
    }

    @BeforeEach
    void connect() {
        redis = redisServer.connect();
        client = redisServer.client();
    }

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
        client.close();
        redis.close();
    }

    @AfterAll
    static void removeKeys() {
        if (names != null) {
            try (Jedis jedis = redisServer.connect()) {
                RedisKeys.deleteStartingWith(jedis, List.of(p, "{" + p, names.namespace()));
            }
        }
    }

    @Test
    void versionsTarget_change_bumpsTheCounterSoTheVersionedReadLoadsAnewAndTheNearCacheDrops() {
        String key = p + "user:101";
        Map<String, String> database = new ConcurrentHashMap<>(Map.of(key, "Ada"));
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> loader = k -> {
            loads.incrementAndGet();
            return database.get(k);
        };
        RedisCache<String> shared = RedisCache.builder().redis(client).layout(layout).versioned(p + "user:*")
                .build(ValueCodec.utf8());
        NearCache<String> near = NearCache.<String>builder().maximumSize(100).build();
        follow(near);
        assertThat(near.get(key, k -> shared.getOrLoad(k, loader, TTL))).isEqualTo("Ada");
        assertThat(redis.get(layout.versionedValueKey(key, 0))).as("stored under version 0").isEqualTo("Ada");

        database.put(key, "Ada Lovelace");
        send(events.update(101));

        await("near-cache entry dropped").atMost(WAIT).until(() -> near.getIfPresent(key) == null);
        awaitApplied();
        assertThat(redis.get(layout.versionKey(key))).as("version counter").isEqualTo("1");
        assertThat(redis.get(layout.versionedValueKey(key, 0))).as("the older copy is not deleted, only unreachable")
                .isEqualTo("Ada");
        assertThat(shared.getOrLoad(key, loader, TTL)).isEqualTo("Ada Lovelace");
        assertThat(loads).as("loads: before and after the bump").hasValue(2);
        assertThat(redis.get(layout.versionedValueKey(key, 1))).isEqualTo("Ada Lovelace");
    }

    @Test
    void generationTag_change_bumpsTheGenerationKeepsTheMembersAndTheirNextReadsMiss() {
        String tag = p + "category:201";
        List<String> pages = List.of(p + "category:201:page:1", p + "category:201:page:2");
        Map<String, String> database = new ConcurrentHashMap<>();
        pages.forEach(page -> database.put(page, "old " + page));
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> loader = k -> {
            loads.incrementAndGet();
            return database.get(k);
        };
        RedisCache<String> shared = RedisCache.builder().redis(client).layout(layout)
                .tagGenerations(TagGenerations.prefixes(p + "category:")).build(ValueCodec.utf8());
        NearCache<String> near = NearCache.<String>builder().maximumSize(100).build();
        follow(near);
        for (String page : pages) {
            assertThat(shared.getOrLoad(page, loader, TTL, Set.of(tag), Set.of())).isEqualTo("old " + page);
            assertThat(shared.getOrLoad(page, loader, TTL, Set.of(tag), Set.of())).as("a hit").isEqualTo("old " + page);
            near.put(page, "old " + page, Attachments.tags(tag));
        }
        assertThat(loads).hasValue(2);
        assertThat(redis.exists(layout.tagSetKey(tag))).as("a generation-based tag has no set").isFalse();

        pages.forEach(page -> database.put(page, "new " + page));
        send(events.update(201));

        await("near-cache entries of the tag dropped").atMost(WAIT)
                .until(() -> pages.stream().allMatch(page -> near.getIfPresent(page) == null));
        awaitApplied();
        assertThat(redis.get(layout.tagGenerationKey(tag))).as("generation").isEqualTo("1");
        for (String page : pages) {
            assertThat(redis.get(page)).as(page + " left in Redis").isEqualTo("old " + page);
        }
        for (String page : pages) {
            assertThat(shared.getOrLoad(page, loader, TTL, Set.of(tag), Set.of())).isEqualTo("new " + page);
        }
        assertThat(loads).as("loads: each page before and after the bump").hasValue(4);
    }

    @Test
    void refreshTarget_createsUpdatesAndALateOlderEvent_holdsTheNewestProjection() {
        String key = p + "card:301";
        AtomicInteger loads = new AtomicInteger();
        Function<String, JsonNode> loader = k -> {
            loads.incrementAndGet();
            return null;
        };
        RedisCache<JsonNode> shared = RedisCache.builder().redis(client).layout(layout).build(ValueCodec.of(
                StrategiesEndToEndIT::jsonBytes, StrategiesEndToEndIT::readJson));
        NearCache<JsonNode> near = NearCache.<JsonNode>builder().maximumSize(100).build();
        follow(near);
        JsonNode created = readJson("{\"id\":301,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
        JsonNode updated = readJson("{\"id\":301,\"name\":\"Ada Lovelace\",\"email\":\"ada@analytical.engine\"}");

        send(events.create(301));
        awaitApplied();
        assertThat(shared.getOrLoad(key, loader, TTL)).as("the create's projection").isEqualTo(created);
        near.put(key, created);

        send(events.update(301));
        await("near-cache entry dropped").atMost(WAIT).until(() -> near.getIfPresent(key) == null);
        awaitApplied();
        assertThat(shared.getOrLoad(key, loader, TTL)).as("the update's projection").isEqualTo(updated);

        // The create again, after the update: a replay of an older position.
        send(events.create(301));
        awaitApplied();
        assertThat(readJson(redis.get(key))).as("read as plain JSON after the late create").isEqualTo(updated);
        assertThat(shared.getOrLoad(key, loader, TTL)).isEqualTo(updated);
        assertThat(redis.get(layout.refreshPositionKey(key))).as("stored position: the update's LSN")
                .isEqualTo("pg:00000000000024301080");
        assertThat(redis.pttl(key)).as("the rule's TTL").isBetween(1L, Duration.ofHours(1).toMillis());
        assertThat(loads).as("never loaded: the service wrote every value").hasValue(0);
    }

    @Test
    void softRule_change_removesTheRedisKeyAndSoftNearCachesServeTheOldValueOnceWhileReloading() {
        String key = p + "profile:401";
        Map<String, String> database = new ConcurrentHashMap<>(Map.of(key, "old"));
        AtomicInteger softLoads = new AtomicInteger();
        AtomicInteger policyLoads = new AtomicInteger();
        AtomicInteger hardLoads = new AtomicInteger();
        NearCache<String> soft = NearCache.<String>builder().maximumSize(100).softMaxStale(Duration.ofMinutes(1))
                .build();
        NearCache<String> byPolicy = NearCache.<String>builder().maximumSize(100).ttlPolicy(TtlPolicy.builder()
                .category(p + "profile:*", Ttl.afterWrite(TTL).withMaxStale(Duration.ofMinutes(1)))
                .defaultTtl(TTL).build()).build();
        NearCache<String> hard = NearCache.<String>builder().maximumSize(100).build();
        follow(soft, byPolicy, hard);
        assertThat(soft.get(key, counting(softLoads, database))).isEqualTo("old");
        assertThat(byPolicy.get(key, counting(policyLoads, database))).isEqualTo("old");
        assertThat(hard.get(key, counting(hardLoads, database))).isEqualTo("old");
        redis.set(key, "old");

        database.put(key, "new");
        send(events.update(401));

        await("soft invalidation applied").atMost(WAIT).untilAsserted(() -> {
            assertThat(hard.getIfPresent(key)).as("near-cache without soft config").isNull();
            assertThat(soft.stats().softMarkedCount()).as("marked by softMaxStale").isEqualTo(1);
            assertThat(byPolicy.stats().softMarkedCount()).as("marked by the category's maxStale").isEqualTo(1);
        });
        awaitApplied();
        assertThat(redis.exists(key)).as("removed from Redis as by a hard rule").isFalse();
        for (NearCache<String> near : List.of(soft, byPolicy)) {
            AtomicInteger loads = near == soft ? softLoads : policyLoads;
            assertThat(near.get(key, counting(loads, database))).as("served stale once").isEqualTo("old");
            await("refreshed in the background").atMost(WAIT).until(() -> "new".equals(near.getIfPresent(key)));
            assertThat(loads).as("loads: the first, then one background refresh").hasValue(2);
            // Polling getIfPresent may also be served the stale value: at least the first read was.
            assertThat(near.stats().staleServedCount()).isPositive();
            assertThat(near.stats().refreshCount()).as("background refreshes").isEqualTo(1);
        }
        assertThat(hard.get(key, counting(hardLoads, database))).isEqualTo("new");
        assertThat(hard.stats().softMarkedCount()).isZero();
        assertThat(hard.stats().staleServedCount()).isZero();
        assertThat(hardLoads).as("loads: the first, then one in the foreground").hasValue(2);
    }

    private static Function<String, String> counting(AtomicInteger loads, Map<String, String> database) {
        return k -> {
            loads.incrementAndGet();
            return database.get(k);
        };
    }

    /** Starts this test's follower of the broadcast topic, from its end, feeding every near-cache given. */
    private void follow(NearCache<?>... nearCaches) {
        follower = BroadcastFollower.kafka(kafka.bootstrapServers(), names.broadcastTopic())
                .maxStaleness(Duration.ofSeconds(5)).start(new FanOut(List.of(nearCaches)));
        await("the follower in sync").atMost(WAIT).until(follower::inSync);
    }

    private static void send(ChangeEvents.Event event) {
        kafka.send(names.changeTopic(), event);
        sent.incrementAndGet();
    }

    /** Waits until the service committed every event sent so far: Redis applied them and their broadcasts went out. */
    private static void awaitApplied() {
        await("committed offset of the change topic").atMost(WAIT).untilAsserted(() -> {
            service.requireAlive();
            assertThat(kafka.committed(names.group(), names.changeTopic())).isEqualTo(sent.get());
        });
        assertThat(kafka.endOffsets(names.deadLetterTopic()).get(0)).as("dead letters").isZero();
    }

    private static byte[] jsonBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several near-caches behind one follower. */
    private record FanOut(List<NearCache<?>> nearCaches) implements BroadcastSubscriber {

        @Override
        public void onBroadcast(InvalidationBroadcast broadcast) {
            nearCaches.forEach(near -> near.onBroadcast(broadcast));
        }

        @Override
        public void onMissed(MissReason reason, String detail) {
            nearCaches.forEach(near -> near.onMissed(reason, detail));
        }

        @Override
        public void followedBy(Freshness freshness) {
            nearCaches.forEach(near -> near.followedBy(freshness));
        }
    }
}
