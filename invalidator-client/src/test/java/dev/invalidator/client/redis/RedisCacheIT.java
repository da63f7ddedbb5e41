package dev.invalidator.client.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.invalidator.client.nearcache.TtlPolicy;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Against the Redis at 127.0.0.1:6379. Each test has its own namespace and key prefix, and removes what it wrote.
 * Invalidations are made the way the service makes them: {@code UNLINK key leaseKey}, names from the layout.
 */
class RedisCacheIT {

    private static RedisClient redis;

    private RedisKeyLayout layout;
    private String prefix;
    private ExecutorService threads;

    @BeforeAll
    static void connect() {
        redis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", 6379)).build();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void namespace() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        layout = new RedisKeyLayout("test-inv-" + run + ":");
        prefix = "test-" + run + ":";
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void cleanUp() {
        threads.shutdownNow();
        for (String pattern : List.of(prefix + "*", layout.namespace() + "*", "{" + prefix + "*")) {
            List<String> keys = scan(pattern);
            if (!keys.isEmpty()) {
                redis.unlink(keys.toArray(String[]::new));
            }
        }
    }

    @Test
    void getOrLoad_missThenHit() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "product:7";
        AtomicInteger loads = new AtomicInteger();

        String first = cache.getOrLoad(key, k -> "row-" + loads.incrementAndGet(), Duration.ofMinutes(1));
        String second = cache.getOrLoad(key, k -> "row-" + loads.incrementAndGet(), Duration.ofMinutes(1));

        assertThat(first).isEqualTo("row-1");
        assertThat(second).isEqualTo("row-1");
        assertThat(redis.get(key)).isEqualTo("row-1");
        assertThat(redis.exists(layout.leaseKey(key))).as("lease left after the fill").isFalse();
        assertThat(cache.stats()).isEqualTo(new RedisCacheStats(1, 1, 1, 1, 0, 0, 0));
    }

    /** The race of the issue: the reader's fill arrives after the invalidation of what it loaded. */
    @Test
    void getOrLoad_invalidatedWhileLoading_fillRejectedAndKeyStaysAbsent() throws Exception {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "product:7";
        AtomicReference<String> row = new AtomicReference<>("price=10");
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);

        Future<String> reader = threads.submit(() -> cache.getOrLoad(key, k -> {
            String read = row.get();
            loaded.countDown();
            awaitLatch(invalidated);
            return read;
        }, Duration.ofMinutes(1)));
        awaitLatch(loaded);
        row.set("price=12");
        redis.unlink(key, layout.leaseKey(key)); // what the service does for the change event
        invalidated.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).as("the loaded value is returned").isEqualTo("price=10");
        assertThat(redis.exists(key)).as("stale value stored after the invalidation").isFalse();
        assertThat(cache.stats().fillsRejected()).isEqualTo(1);
        assertThat(cache.getOrLoad(key, k -> row.get(), Duration.ofMinutes(1))).isEqualTo("price=12");
        assertThat(redis.get(key)).isEqualTo("price=12");
    }

    /**
     * A refreshed key: the service writes the new row's JSON and deletes the lease (REDIS-LAYOUT.md, "Refreshed
     * values") while a reader loads the old row. The reader's fill is refused, and the next read is a hit on the
     * service's value, read with the cache's codec.
     */
    @Test
    void getOrLoad_keyRefreshedWhileLoading_fillRejectedAndTheRefreshedValueIsRead() throws Exception {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "product:7";
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch refreshed = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();

        Future<String> reader = threads.submit(() -> cache.getOrLoad(key, k -> {
            loads.incrementAndGet();
            loaded.countDown();
            awaitLatch(refreshed);
            return "{\"id\":7,\"price\":10}";
        }, Duration.ofMinutes(1)));
        awaitLatch(loaded);
        // What the refresh script does, in one step there: value with its TTL, position, lease deleted.
        redis.set(key, "{\"id\":7,\"price\":12}", SetParams.setParams().px(60_000));
        redis.set(layout.refreshPositionKey(key), "pg:00000000000000000200");
        redis.del(layout.leaseKey(key));
        refreshed.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("{\"id\":7,\"price\":10}");
        assertThat(cache.stats().fillsRejected()).isEqualTo(1);
        assertThat(cache.getOrLoad(key, k -> "loaded again", Duration.ofMinutes(1))).isEqualTo("{\"id\":7,\"price\":12}");
        assertThat(loads).hasValue(1);
    }

    /**
     * The same interleaving with a plain cache-aside fill (GET, load, SET) stores the old row: the scenario the lease
     * protocol exists for is real, and the test above would fail without it.
     */
    @Test
    void naiveFill_invalidatedWhileLoading_storesStaleValue() throws Exception {
        String key = prefix + "product:7";
        AtomicReference<String> row = new AtomicReference<>("price=10");
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);
        Function<String, String> naiveGetOrLoad = k -> {
            String cached = redis.get(k);
            if (cached != null) {
                return cached;
            }
            String read = row.get();
            loaded.countDown();
            awaitLatch(invalidated);
            redis.psetex(k, 60_000, read);
            return read;
        };

        Future<String> reader = threads.submit(() -> naiveGetOrLoad.apply(key));
        awaitLatch(loaded);
        row.set("price=12");
        redis.unlink(key, layout.leaseKey(key));
        invalidated.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("price=10");
        assertThat(redis.get(key)).as("the naive fill stored the old row after its invalidation")
                .isEqualTo("price=10");
    }

    @Test
    void getOrLoad_tagsAndDependencies_registeredWithTtlOutlivingTheValue() {
        RedisCache<String> cache = cache().ttlJitter(0.2).build(ValueCodec.utf8());
        String key = prefix + "category:3:page:1";
        String parent = prefix + "product:7";
        String tag = prefix + "category:3";

        cache.getOrLoad(key, k -> "page", Duration.ofSeconds(100), Set.of(tag), Set.of(parent));

        assertThat(redis.smembers(layout.tagSetKey(tag))).containsExactly(key);
        assertThat(redis.smembers(layout.dependentsKey(parent))).containsExactly(key);
        long valueTtl = redis.pttl(key);
        assertThat(redis.pttl(layout.tagSetKey(tag))).isGreaterThanOrEqualTo(valueTtl);
        assertThat(redis.pttl(layout.dependentsKey(parent))).isGreaterThanOrEqualTo(valueTtl);
    }

    @Test
    void getOrLoad_tagSetWithLongerTtl_keepsItsTtl() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String tag = prefix + "category:3";
        cache.getOrLoad(prefix + "a", k -> "a", Duration.ofHours(1), Set.of(tag), Set.of());
        long before = redis.pttl(layout.tagSetKey(tag));

        cache.getOrLoad(prefix + "b", k -> "b", Duration.ofSeconds(10), Set.of(tag), Set.of());

        assertThat(redis.smembers(layout.tagSetKey(tag))).containsExactlyInAnyOrder(prefix + "a", prefix + "b");
        assertThat(redis.pttl(layout.tagSetKey(tag))).as("TTL shortened by a shorter-lived member")
                .isGreaterThan(Duration.ofMinutes(50).toMillis()).isLessThanOrEqualTo(before);
    }

    @Test
    void getOrLoad_taggedValue_removedByTheServicesTagInvalidation() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "category:3:page:1";
        String tag = prefix + "category:3";
        cache.getOrLoad(key, k -> "page", Duration.ofMinutes(1), Set.of(tag), Set.of());

        // The service: read the tag set, unlink each member with its lease, remove exactly those members.
        Set<String> members = redis.smembers(layout.tagSetKey(tag));
        for (String member : members) {
            redis.unlink(member, layout.leaseKey(member));
        }
        redis.srem(layout.tagSetKey(tag), members.toArray(String[]::new));

        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void getOrLoad_versionedKey_storedUnderItsCurrentVersionAndUnreachableAfterABump() {
        RedisCache<String> cache = cache().versioned(prefix + "user:*").build(ValueCodec.utf8());
        String key = prefix + "user:7";
        AtomicReference<String> row = new AtomicReference<>("name=Ana");

        assertThat(cache.getOrLoad(key, k -> row.get(), Duration.ofMinutes(1))).isEqualTo("name=Ana");
        assertThat(redis.get(layout.versionedValueKey(key, 0))).isEqualTo("name=Ana");
        assertThat(redis.exists(key)).as("a versioned key is stored under its version only").isFalse();
        row.set("name=Ana Lima");
        redis.incr(layout.versionKey(key)); // what the service does for a versions target

        assertThat(cache.getOrLoad(key, k -> row.get(), Duration.ofMinutes(1))).isEqualTo("name=Ana Lima");
        assertThat(redis.get(layout.versionedValueKey(key, 1))).isEqualTo("name=Ana Lima");
        assertThat(redis.get(layout.versionedValueKey(key, 0))).as("the old copy is left to its TTL")
                .isEqualTo("name=Ana");
        assertThat(redis.pttl(layout.versionedValueKey(key, 1))).isPositive();
        assertThat(cache.stats().loads()).isEqualTo(2);
    }

    /** Lease semantics under versions: a value loaded under version n is not stored after a bump to n+1. */
    @Test
    void getOrLoad_versionBumpedWhileLoading_fillRejectedAndLeaseGivenUp() throws Exception {
        RedisCache<String> cache = cache().versioned(prefix + "user:*").build(ValueCodec.utf8());
        String key = prefix + "user:7";
        AtomicReference<String> row = new AtomicReference<>("name=Ana");
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch bumped = new CountDownLatch(1);

        Future<String> reader = threads.submit(() -> cache.getOrLoad(key, k -> {
            String read = row.get();
            loaded.countDown();
            awaitLatch(bumped);
            return read;
        }, Duration.ofMinutes(1)));
        awaitLatch(loaded);
        row.set("name=Ana Lima");
        redis.incr(layout.versionKey(key));
        bumped.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("name=Ana");
        assertThat(cache.stats().fillsRejected()).isEqualTo(1);
        assertThat(redis.exists(layout.versionedValueKey(key, 0))).as("stored under the old version").isFalse();
        assertThat(redis.exists(layout.versionedValueKey(key, 1))).as("stored as current").isFalse();
        assertThat(redis.exists(layout.leaseKey(key))).as("the rejected reader's lease").isFalse();
        assertThat(cache.getOrLoad(key, k -> row.get(), Duration.ofMinutes(1))).isEqualTo("name=Ana Lima");
    }

    /** The ordinary lease race still holds for versioned keys: a lease taken away means no fill. */
    @Test
    void getOrLoad_versionedKeyLeaseTakenWhileLoading_fillRejected() throws Exception {
        RedisCache<String> cache = cache().versioned(prefix + "user:*").build(ValueCodec.utf8());
        String key = prefix + "user:7";
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);

        Future<String> reader = threads.submit(() -> cache.getOrLoad(key, k -> {
            loaded.countDown();
            awaitLatch(invalidated);
            return "old";
        }, Duration.ofMinutes(1)));
        awaitLatch(loaded);
        redis.unlink(layout.leaseKey(key));
        invalidated.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(cache.stats().fillsRejected()).isEqualTo(1);
        assertThat(redis.exists(layout.versionedValueKey(key, 0))).isFalse();
    }

    @Test
    void getOrLoad_versionedKeyWithSetTagOrDependency_rejectedBeforeAnyWrite() {
        RedisCache<String> cache = cache().versioned(prefix + "user:*")
                .tagGenerations(TagGenerations.prefixes(prefix + "team:")).build(ValueCodec.utf8());
        String key = prefix + "user:7";

        assertThatThrownBy(() -> cache.getOrLoad(key, k -> "v", Duration.ofMinutes(1), Set.of(prefix + "users"),
                Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation-based tags");
        assertThatThrownBy(() -> cache.getOrLoad(key, k -> "v", Duration.ofMinutes(1), Set.of(),
                Set.of(prefix + "team"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot depend");
        assertThat(scan(layout.namespace() + "*")).isEmpty();
        // A generation-based tag is fine.
        assertThat(cache.getOrLoad(key, k -> "v", Duration.ofMinutes(1), Set.of(prefix + "team:1"), Set.of()))
                .isEqualTo("v");
    }

    @Test
    void getOrLoad_generationBumped_taggedEntriesMissAndAreLoadedAgain() {
        String tag = prefix + "category:3";
        String otherTag = prefix + "category:4";
        RedisCache<String> cache = cache().tagGenerations(TagGenerations.prefixes(prefix + "category:"))
                .build(ValueCodec.utf8());
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> loader = k -> k + "#" + loads.incrementAndGet();
        String page = prefix + "category:3:page:1";
        String other = prefix + "category:4:page:1";
        cache.getOrLoad(page, loader, Duration.ofMinutes(1), Set.of(tag), Set.of());
        cache.getOrLoad(other, loader, Duration.ofMinutes(1), Set.of(otherTag), Set.of());
        assertThat(redis.hgetAll(layout.generationsKey(page))).containsExactly(Map.entry(tag, "0"));
        assertThat(redis.exists(layout.tagSetKey(tag))).as("no set for a generation-based tag").isFalse();

        redis.incr(layout.tagGenerationKey(tag)); // what the service does for the tag

        assertThat(cache.getOrLoad(page, loader, Duration.ofMinutes(1), Set.of(tag), Set.of()))
                .isEqualTo(page + "#3");
        assertThat(cache.getOrLoad(other, loader, Duration.ofMinutes(1), Set.of(otherTag), Set.of()))
                .as("another generation is untouched").isEqualTo(other + "#2");
        assertThat(cache.getOrLoad(page, loader, Duration.ofMinutes(1), Set.of(tag), Set.of()))
                .as("stored again under the new generation").isEqualTo(page + "#3");
        assertThat(redis.hgetAll(layout.generationsKey(page))).containsExactly(Map.entry(tag, "1"));
        assertThat(redis.pttl(layout.generationsKey(page))).isPositive();
    }

    /** A generation bump during a load leaves the stored entry with the older generation: the next read misses. */
    @Test
    void getOrLoad_generationBumpedWhileLoading_storedEntryMissesNextTime() throws Exception {
        String tag = prefix + "category:3";
        RedisCache<String> cache = cache().tagGenerations(TagGenerations.prefixes(prefix + "category:"))
                .build(ValueCodec.utf8());
        String key = prefix + "category:3:page:1";
        AtomicReference<String> row = new AtomicReference<>("old");
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch bumped = new CountDownLatch(1);

        Future<String> reader = threads.submit(() -> cache.getOrLoad(key, k -> {
            String read = row.get();
            loaded.countDown();
            awaitLatch(bumped);
            return read;
        }, Duration.ofMinutes(1), Set.of(tag), Set.of()));
        awaitLatch(loaded);
        row.set("new");
        redis.incr(layout.tagGenerationKey(tag));
        bumped.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(cache.getOrLoad(key, k -> row.get(), Duration.ofMinutes(1), Set.of(tag), Set.of()))
                .isEqualTo("new");
    }

    @Test
    void getOrLoad_versionedKeyWithGenerationTag_missesAfterEitherBump() {
        String tag = prefix + "team:1";
        RedisCache<String> cache = cache().versioned(prefix + "user:*")
                .tagGenerations(TagGenerations.prefixes(prefix + "team:")).build(ValueCodec.utf8());
        String key = prefix + "user:7";
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> loader = k -> "v" + loads.incrementAndGet();

        cache.getOrLoad(key, loader, Duration.ofMinutes(1), Set.of(tag), Set.of());
        redis.incr(layout.tagGenerationKey(tag));
        String afterGeneration = cache.getOrLoad(key, loader, Duration.ofMinutes(1), Set.of(tag), Set.of());
        redis.incr(layout.versionKey(key));
        String afterVersion = cache.getOrLoad(key, loader, Duration.ofMinutes(1), Set.of(tag), Set.of());

        assertThat(List.of(afterGeneration, afterVersion)).containsExactly("v2", "v3");
        assertThat(cache.getOrLoad(key, loader, Duration.ofMinutes(1), Set.of(tag), Set.of())).isEqualTo("v3");
    }

    @Test
    void getOrLoad_ttlJitter_withinBounds() {
        RedisCache<String> cache = cache().ttlJitter(0.5).build(ValueCodec.utf8());
        long ttl = Duration.ofSeconds(100).toMillis();
        Set<Long> ttls = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String key = prefix + "k" + i;
            cache.getOrLoad(key, k -> "v", Duration.ofMillis(ttl));
            long left = redis.pttl(key);
            // Stored with a TTL in [ttl, 1.5 ttl]; read back a moment later (generously: 10 s).
            assertThat(left).as("PTTL of " + key).isBetween(ttl - 10_000, ttl + ttl / 2);
            ttls.add(left / 100);
        }
        assertThat(ttls).as("TTLs spread by the jitter").hasSizeGreaterThan(5);
    }

    @Test
    void getOrLoad_noJitter_ttlAsGiven() {
        RedisCache<String> cache = cache().ttlJitter(0).build(ValueCodec.utf8());
        String key = prefix + "k";
        cache.getOrLoad(key, k -> "v", Duration.ofSeconds(100));
        assertThat(redis.pttl(key)).isBetween(90_000L, 100_000L);
    }

    @Test
    void getOrLoad_noTtlGiven_ttlPolicyDecidesByCategoryWithJitter() {
        TtlPolicy policy = TtlPolicy.builder()
                .category(prefix + "issue:*", Duration.ofMinutes(5))
                .category(prefix + "project:*", Duration.ofHours(1))
                .category(prefix + "field:*", Duration.ofDays(1))
                .defaultTtl(Duration.ofMinutes(10))
                .jitter(0.1)
                .build();
        RedisCache<String> cache = cache().ttlJitter(0).ttlPolicy(policy).build(ValueCodec.utf8());
        Map<String, Duration> ttls = Map.of("issue:4711", Duration.ofMinutes(5), "project:12", Duration.ofHours(1),
                "field:31", Duration.ofDays(1), "user:5", Duration.ofMinutes(10));

        for (Map.Entry<String, Duration> category : ttls.entrySet()) {
            Set<Long> drawn = new HashSet<>();
            long ttl = category.getValue().toMillis();
            for (int i = 0; i < 20; i++) {
                String key = prefix + category.getKey() + ":" + i;
                cache.getOrLoad(key, k -> "v", Set.of("tag:" + i), Set.of());
                long left = redis.pttl(key);
                // Jitter ± 10 %; read back a moment later (generously: 10 s).
                assertThat(left).as("PTTL of " + key).isBetween(ttl * 9 / 10 - 10_000, ttl * 11 / 10);
                assertThat(redis.pttl(layout.tagSetKey("tag:" + i))).isGreaterThanOrEqualTo(ttl * 11 / 10);
                drawn.add(left / 100);
            }
            assertThat(drawn).as("TTLs spread by the jitter").hasSizeGreaterThan(5);
        }
    }

    @Test
    void getOrLoad_noTtlGivenAndNoPolicy_rejectedBeforeAnyWrite() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());

        assertThatThrownBy(() -> cache.getOrLoad(prefix + "issue:1", k -> "v"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ttlPolicy");
        assertThat(scan(layout.namespace() + "*")).isEmpty();
        assertThat(scan(prefix + "*")).isEmpty();
    }

    /** Every reader but the first finds the lease and waits; the loader returns only once all of them wait. */
    @Test
    void getOrLoad_concurrentMisses_loadOnce() throws Exception {
        int readers = 8;
        RedisCache<String> cache = cache().leaseWait(Duration.ofSeconds(30), Duration.ofMillis(5))
                .build(ValueCodec.utf8());
        String key = prefix + "product:7";
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> loader = k -> {
            loads.incrementAndGet();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cache.stats().leaseWaits() == readers - 1);
            return "row";
        };

        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            results.add(threads.submit(() -> {
                start.await();
                return cache.getOrLoad(key, loader, Duration.ofMinutes(1));
            }));
        }
        start.countDown();

        for (Future<String> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("row");
        }
        assertThat(loads).hasValue(1);
        assertThat(cache.stats()).isEqualTo(new RedisCacheStats(readers - 1, readers, 1, 1, 0, readers - 1, 0));
    }

    @Test
    void getOrLoad_leaseHeldPastTheWait_readsThroughWithoutStoring() {
        RedisCache<String> cache = cache().leaseWait(Duration.ofMillis(50), Duration.ofMillis(10))
                .build(ValueCodec.utf8());
        String key = prefix + "product:7";
        redis.psetex(layout.leaseKey(key), 60_000, "another-reader");

        String value = cache.getOrLoad(key, k -> "row", Duration.ofMinutes(1));

        assertThat(value).isEqualTo("row");
        assertThat(redis.exists(key)).as("stored without the lease").isFalse();
        assertThat(redis.get(layout.leaseKey(key))).isEqualTo("another-reader");
        assertThat(cache.stats()).isEqualTo(new RedisCacheStats(0, 1, 1, 0, 0, 1, 1));
    }

    @Test
    void getOrLoad_leaseGoneWhileWaiting_takesItAndStores() throws Exception {
        RedisCache<String> cache = cache().leaseWait(Duration.ofSeconds(30), Duration.ofMillis(5))
                .build(ValueCodec.utf8());
        String key = prefix + "product:7";
        redis.psetex(layout.leaseKey(key), 60_000, "another-reader");

        Future<String> reader = threads.submit(() -> cache.getOrLoad(key, k -> "fresh", Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().leaseWaits() == 1);
        redis.unlink(key, layout.leaseKey(key)); // an invalidation removes the other reader's lease

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("fresh");
        assertThat(redis.get(key)).isEqualTo("fresh");
        assertThat(cache.stats().readThroughs()).isZero();
        assertThat(cache.stats().fillsStored()).isEqualTo(1);
    }

    @Test
    void getOrLoad_loaderThrows_leaseGivenUp() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "product:7";

        assertThatThrownBy(() -> cache.getOrLoad(key, k -> {
            throw new IllegalStateException("database down");
        }, Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class).hasMessage("database down");

        assertThat(redis.exists(layout.leaseKey(key))).isFalse();
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void getOrLoad_loaderReturnsNull_nothingStored() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "product:404";

        assertThat(cache.getOrLoad(key, k -> null, Duration.ofMinutes(1), Set.of(prefix + "t"), Set.of()))
                .isNull();

        assertThat(redis.exists(key)).isFalse();
        assertThat(redis.exists(layout.leaseKey(key))).isFalse();
        assertThat(redis.exists(layout.tagSetKey(prefix + "t"))).isFalse();
    }

    @Test
    void getOrLoad_keyInTheNamespace_rejectedBeforeAnyWrite() {
        RedisCache<String> cache = cache().build(ValueCodec.utf8());
        String key = prefix + "product:7";

        assertThatThrownBy(() -> cache.getOrLoad(key, k -> "v", Duration.ofMinutes(1), Set.of(),
                Set.of(layout.namespace() + "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(layout.namespace());
        assertThatThrownBy(() -> cache.getOrLoad(key, k -> "v", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);

        assertThat(scan(layout.namespace() + "*")).isEmpty();
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void getOrLoad_undecodableValue_errorNamesTheKey() {
        RedisCache<Integer> cache = cache().build(ValueCodec.of(
                (Integer value) -> value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                bytes -> Integer.valueOf(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))));
        String key = prefix + "count";
        redis.set(key, "not a number");

        assertThatThrownBy(() -> cache.getOrLoad(key, k -> 1, Duration.ofMinutes(1)))
                .isInstanceOf(RedisCacheException.class).hasMessageContaining(key);
    }

    private RedisCache.Builder cache() {
        return RedisCache.builder().redis(redis).layout(layout);
    }

    private List<String> scan(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
