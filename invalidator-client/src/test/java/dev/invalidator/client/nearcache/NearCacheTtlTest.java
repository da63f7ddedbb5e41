package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The near-cache under a {@link TtlPolicy}, on a fake ticker. */
class NearCacheTtlTest {

    private static final Duration MAX_STALE = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    /** An executor that runs nothing until the test says so: background refreshes wait here. */
    private final Queue<Runnable> queued = new ArrayDeque<>();

    private NearCache<String> cache(TtlPolicy policy, Executor executor) {
        return NearCache.<String>builder().maximumSize(1_000).ticker(nanos::get).executor(executor)
                .ttlPolicy(policy).build();
    }

    /** The seeds' categories: issue 5 min (soft, 30 s stale at most), project 1 h, field 1 day. */
    private static TtlPolicy.Builder seeds() {
        return TtlPolicy.builder()
                .category("issue:*", Ttl.afterWrite(Duration.ofMinutes(5)).withMaxStale(MAX_STALE))
                .category("project:*", Duration.ofHours(1))
                .category("field:*", Duration.ofDays(1))
                .category("session:*", Ttl.afterAccess(Duration.ofMinutes(30)))
                .defaultTtl(Duration.ofMinutes(10));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private void at(Duration sinceStart) {
        nanos.set(sinceStart.toNanos());
    }

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    static Stream<Arguments> jitters() {
        return Stream.of(
                Arguments.of("no jitter", 0.0, (RandomGenerator) () -> 0L, 1.0),
                Arguments.of("10% jitter, lowest draw", 0.1, TtlPolicyTest.LOWEST, 0.9),
                Arguments.of("10% jitter, highest draw", 0.1, TtlPolicyTest.HIGHEST, 1.1),
                Arguments.of("50% jitter, lowest draw", 0.5, TtlPolicyTest.LOWEST, 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jitters")
    void get_seedCategories_expireAfterTheirJitteredTtl(String name, double jitter, RandomGenerator random,
            double factor) {
        NearCache<String> cache = cache(seeds().jitter(jitter).random(random).build(), Runnable::run);
        // Shortest first: the clock only moves forward.
        Map<String, Duration> ttls = new LinkedHashMap<>();
        ttls.put("user:5", Duration.ofMinutes(10));
        ttls.put("project:12", Duration.ofHours(1));
        ttls.put("field:31", Duration.ofDays(1));
        ttls.keySet().forEach(key -> cache.get(key, k -> "v"));
        cache.put("project:13", "put");

        for (Map.Entry<String, Duration> entry : ttls.entrySet()) {
            long lifetime = (long) (entry.getValue().toNanos() * factor);
            nanos.set(lifetime - Duration.ofMillis(1).toNanos());
            assertThat(cache.getIfPresent(entry.getKey())).as(entry.getKey() + " just before").isEqualTo("v");
            nanos.set(lifetime + Duration.ofMillis(1).toNanos());
            assertThat(cache.getIfPresent(entry.getKey())).as(entry.getKey() + " just after").isNull();
            assertThat(cache.getIfPresent("project:13")).isEqualTo(
                    entry.getKey().equals("user:5") ? "put" : null);
        }
        at(Duration.ofDays(2));
        cache.cleanUp();
        assertThat(cache.stats().evictionCount(EvictionCause.EXPIRED)).isEqualTo(4);
        assertThat(cache.stats().staleServedCount()).isZero();
    }

    @Test
    void get_slidingCategory_readsKeepItAlive() {
        NearCache<String> cache = cache(seeds().build(), Runnable::run);
        cache.get("session:9", k -> "s");

        for (int i = 0; i < 5; i++) {
            advance(Duration.ofMinutes(20));
            assertThat(cache.getIfPresent("session:9")).isEqualTo("s");
        }
        advance(Duration.ofMinutes(30));
        assertThat(cache.getIfPresent("session:9")).isNull();
        assertThat(cache.stats().refreshCount()).isZero();
    }

    @Test
    void get_pastSoftTtl_servesStaleAndStartsOneBackgroundRefresh() {
        NearCache<String> cache = cache(seeds().build(), queued::add);
        AtomicInteger loads = new AtomicInteger();
        cache.get("issue:4711", k -> "v" + loads.incrementAndGet());
        runQueued();

        at(Duration.ofMinutes(5).plusSeconds(10));
        for (int i = 0; i < 10; i++) {
            assertThat(cache.get("issue:4711", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        }
        assertThat(cache.getIfPresent("issue:4711")).isEqualTo("v1");
        assertThat(loads).hasValue(1);
        runQueued();

        assertThat(loads).hasValue(2);
        assertThat(cache.get("issue:4711", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
        NearCacheStats stats = cache.stats();
        assertThat(stats.staleServedCount()).isEqualTo(11);
        assertThat(stats.refreshCount()).isEqualTo(1);
        assertThat(stats.refreshSuccessCount()).isEqualTo(1);
        assertThat(stats.loadSuccessCount()).isEqualTo(2);
        // The refreshed value got a new TTL from its own write.
        at(Duration.ofMinutes(10).plusSeconds(9));
        assertThat(cache.getIfPresent("issue:4711")).isEqualTo("v2");
    }

    @Test
    void getIfPresent_staleValue_servedAtMostMaxStale() {
        NearCache<String> cache = cache(seeds().build(), queued::add);
        cache.get("issue:4711", k -> "v1");
        Duration softTtl = Duration.ofMinutes(5);

        at(softTtl.minusNanos(1));
        assertThat(cache.getIfPresent("issue:4711")).isEqualTo("v1");
        assertThat(cache.stats().staleServedCount()).isZero();
        at(softTtl.plus(MAX_STALE).minusNanos(1));
        assertThat(cache.getIfPresent("issue:4711")).isEqualTo("v1");
        assertThat(cache.stats().staleServedCount()).isEqualTo(1);
        at(softTtl.plus(MAX_STALE));
        assertThat(cache.getIfPresent("issue:4711")).isNull();
        cache.cleanUp();
        assertThat(cache.stats().evictionCount(EvictionCause.EXPIRED)).isEqualTo(1);
    }

    @Test
    void get_refreshFails_staleServedUntilMaxStaleThenTheErrorReachesTheCaller() {
        NearCache<String> cache = cache(seeds().build(), Runnable::run);
        cache.get("issue:4711", k -> "v1");
        IllegalStateException down = new IllegalStateException("database down");

        for (int seconds : new int[] {1, 10, 29}) {
            at(Duration.ofMinutes(5).plusSeconds(seconds));
            assertThat(cache.get("issue:4711", k -> {
                throw down;
            })).isEqualTo("v1");
        }
        at(Duration.ofMinutes(5).plus(MAX_STALE));
        assertThatThrownBy(() -> cache.get("issue:4711", k -> {
            throw down;
        })).isSameAs(down);

        NearCacheStats stats = cache.stats();
        assertThat(stats.refreshCount()).isEqualTo(3);
        assertThat(stats.refreshFailureCount()).isEqualTo(3);
        assertThat(stats.loadFailureCount()).isEqualTo(4);
        assertThat(stats.staleServedCount()).isEqualTo(3);
    }

    @Test
    void get_refreshFindsTheValueGone_entryDropped() {
        NearCache<String> cache = cache(seeds().build(), Runnable::run);
        cache.get("issue:4711", Attachments.tags("assignee:5"), k -> "v1");

        at(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(cache.get("issue:4711", Attachments.tags("assignee:5"), k -> null)).isEqualTo("v1");

        assertThat(cache.getIfPresent("issue:4711")).isNull();
        assertThat(((CaffeineNearCache<String>) cache).indexes().sizes()).containsExactly(0, 0, 0);
        assertThat(cache.stats().evictionCount(EvictionCause.EXPIRED)).isEqualTo(1);
    }

    @Test
    void get_staleKeyReadConcurrently_oneBackgroundLoad() throws Exception {
        NearCache<String> cache = cache(seeds().build(), task -> new Thread(task, "refresh").start());
        cache.get("issue:4711", k -> "v1");
        at(Duration.ofMinutes(5).plusSeconds(1));
        AtomicInteger refreshes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<String>> readers = new ArrayList<>();

        for (int i = 0; i < 8; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> cache.get("issue:4711", k -> {
                refreshes.incrementAndGet();
                await(release);
                return "v2";
            }), task -> new Thread(task, "reader").start()));
        }
        for (CompletableFuture<String> reader : readers) {
            assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
        }
        release.countDown();

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "v2".equals(cache.getIfPresent("issue:4711")));
        assertThat(refreshes).hasValue(1);
        assertThat(cache.stats().refreshCount()).isEqualTo(1);
    }

    /**
     * 50 hot keys written at the same moment, read every 100 ms: without early refresh they all go stale and refresh
     * at the same tick; with it (XFetch, load time 1 s) each refreshes at its own time, shortly before it expires.
     */
    @ParameterizedTest(name = "beta {0}")
    @CsvSource({"0, 1, 1, 50", "1, 15, 50, 0", "3, 25, 50, 0"})
    void get_hotKeysWrittenTogether_earlyRefreshSpreadsTheirRefreshes(double beta, int minDistinctTimes,
            int maxDistinctTimes, long staleServed) {
        NearCache<String> cache = cache(TtlPolicy.builder()
                .defaultTtl(Ttl.afterWrite(Duration.ofMinutes(1)).withMaxStale(Duration.ofSeconds(10)))
                .earlyRefresh(beta)
                .random(new SplittableRandom(42))
                .build(), Runnable::run);
        long loadTime = Duration.ofSeconds(1).toNanos();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "issue:" + i;
            keys.add(key);
            nanos.set(0);
            cache.get(key, k -> {
                nanos.addAndGet(loadTime);
                return "v1";
            });
        }
        long freshUntil = loadTime + Duration.ofMinutes(1).toNanos();

        Map<String, Long> refreshedAt = new HashMap<>();
        for (long now = loadTime; now <= freshUntil + Duration.ofSeconds(1).toNanos(); now += 100_000_000) {
            nanos.set(now);
            for (String key : keys) {
                cache.get(key, k -> {
                    refreshedAt.putIfAbsent(k, nanos.get());
                    return "v2";
                });
            }
        }

        assertThat(refreshedAt).hasSize(50);
        assertThat(refreshedAt.values()).allSatisfy(time -> assertThat(time).isLessThanOrEqualTo(freshUntil));
        assertThat(new HashSet<>(refreshedAt.values())).hasSizeBetween(minDistinctTimes, maxDistinctTimes);
        // Early, but not wastefully early: within a few load times of expiry.
        assertThat(refreshedAt.values()).allSatisfy(time ->
                assertThat(freshUntil - time).isLessThanOrEqualTo((long) (beta * 20 * loadTime)));
        assertThat(cache.stats().staleServedCount()).isEqualTo(staleServed);
    }

    @Test
    void build_ttlPolicyAndExpireAfterWrite_rejected() {
        assertThatThrownBy(() -> NearCache.<String>builder().maximumSize(10).expireAfterWrite(Duration.ofMinutes(1))
                .ttlPolicy(seeds().build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ttlPolicy");
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the loader");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
