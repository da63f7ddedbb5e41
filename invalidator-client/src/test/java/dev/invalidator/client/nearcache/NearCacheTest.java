package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.invalidator.client.broadcast.MissReason;

/** The near-cache's behaviour, over configurations in Caffeine's spirit: with and without a TTL, small and large. */
class NearCacheTest {

    /**
     * A configuration to build caches from; maintenance runs on the caller so evictions are deterministic. A TTL
     * policy (the seeds' categories, soft, jittered, refreshing early) replaces the single TTL when given.
     */
    record Config(long maximumSize, Duration ttl, TtlPolicy policy) {
        Config(long maximumSize, Duration ttl) {
            this(maximumSize, ttl, null);
        }

        NearCache<String> build(AtomicLong nanos) {
            NearCacheBuilder<String> builder = NearCache.<String>builder().maximumSize(maximumSize)
                    .ticker(nanos::get).executor(Runnable::run);
            if (policy != null) {
                builder.ttlPolicy(policy);
            }
            return ttl == null ? builder.build() : builder.expireAfterWrite(ttl).build();
        }

        @Override
        public String toString() {
            return "size " + maximumSize + (ttl == null ? ", no TTL" : ", TTL " + ttl)
                    + (policy == null ? "" : ", TTL policy");
        }
    }

    static final TtlPolicy SEEDS = TtlPolicy.builder()
            .category("issue:*", Ttl.afterWrite(Duration.ofMinutes(5)).withMaxStale(Duration.ofSeconds(30)))
            .category("project:*", Duration.ofHours(1))
            .category("field:*", Duration.ofDays(1))
            .defaultTtl(Ttl.afterWrite(Duration.ofMinutes(10)).withMaxStale(Duration.ofMinutes(1)))
            .jitter(0.1)
            .earlyRefresh(1)
            .build();

    static Stream<Config> configs() {
        return Stream.of(new Config(100, null), new Config(100, Duration.ofMinutes(10)),
                new Config(100_000, null), new Config(100_000, Duration.ofMinutes(10)),
                new Config(100, null, SEEDS), new Config(100_000, null, SEEDS));
    }

    /** A thread per reader: readers block in loaders, so a bounded pool could starve the test. */
    private static final Executor THREAD_PER_READER = reader -> new Thread(reader, "reader").start();

    private final AtomicLong nanos = new AtomicLong();
    private final Broadcasts broadcasts = new Broadcasts();

    @ParameterizedTest
    @MethodSource("configs")
    void get_missLoadsOnceThenHits(Config config) {
        NearCache<String> cache = config.build(nanos);
        AtomicInteger loads = new AtomicInteger();

        assertThat(cache.get("product:7", key -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get("product:7", key -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.getIfPresent("product:7")).isEqualTo("v1");

        NearCacheStats stats = cache.stats();
        assertThat(stats.hitCount()).isEqualTo(2);
        assertThat(stats.missCount()).isEqualTo(1);
        assertThat(stats.loadSuccessCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void get_loaderReturnsNull_returnedNotStored(Config config) {
        NearCache<String> cache = config.build(nanos);

        assertThat(cache.get("product:7", key -> null)).isNull();
        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.get("product:7", key -> "v")).isEqualTo("v");
    }

    @ParameterizedTest
    @MethodSource("configs")
    void get_loaderThrows_rethrownCountedNothingStored(Config config) {
        NearCache<String> cache = config.build(nanos);

        assertThatThrownBy(() -> cache.get("product:7", key -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");

        assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
        assertThat(cache.get("product:7", key -> "v")).isEqualTo("v");
    }

    @Test
    void get_concurrentMissesOnOneKey_oneLoad() throws Exception {
        CaffeineNearCache<String> cache = (CaffeineNearCache<String>) NearCache.<String>builder()
                .maximumSize(100).build();
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<String>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> cache.get("product:7", key -> {
                loads.incrementAndGet();
                awaitQuietly(release);
                return "v";
            }), THREAD_PER_READER));
        }
        Awaitility.await().until(() -> cache.stats().missCount() == 8);
        release.countDown();

        for (CompletableFuture<String> reader : readers) {
            assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        }
        assertThat(loads).hasValue(1);
        assertThat(cache.loadsInFlight()).isZero();
    }

    @Test
    void get_loaderFailsWhileOthersWait_allSeeTheFailure() throws Exception {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).build();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> cache.get("k", key -> {
            awaitQuietly(release);
            throw new IllegalStateException("database down");
        }), THREAD_PER_READER);
        Awaitility.await().until(() -> cache.stats().missCount() == 1);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> cache.get("k", key -> "other"), THREAD_PER_READER);
        Awaitility.await().until(() -> cache.stats().missCount() == 2);
        release.countDown();

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("database down");
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("database down");
    }

    @Test
    void get_storingFailsAfterTheLoaderWhileOthersWait_allSeeTheFailure() throws Exception {
        AtomicBoolean tickerBroken = new AtomicBoolean();
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).ticker(() -> {
            if (tickerBroken.get()) {
                throw new IllegalStateException("ticker broken");
            }
            return nanos.get();
        }).build();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> cache.get("k", key -> {
            awaitQuietly(release);
            // The loader succeeds; what follows it (timing the load, storing the entry) fails.
            tickerBroken.set(true);
            return "loaded";
        }), THREAD_PER_READER);
        Awaitility.await().until(() -> cache.stats().missCount() == 1);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> cache.get("k", key -> "other"),
                THREAD_PER_READER);
        Awaitility.await().until(() -> cache.stats().missCount() == 2);
        release.countDown();

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("ticker broken");
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).as("the reader that joined the load")
                .hasRootCauseMessage("ticker broken");
    }

    @Test
    void get_loaderReadsItsOwnKey_throwsInsteadOfDeadlocking() {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).build();

        assertThatThrownBy(() -> cache.get("k", key -> cache.get("k", again -> "v")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("recursive load of key 'k'");
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onBroadcast_keys_dropsThemAndTheirDependentsTransitively(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("product:7", "p7");
        cache.put("product:8", "p8");
        cache.put("page:home", "home", Attachments.dependingOn("product:7"));
        cache.put("feed:home", "feed", Attachments.dependingOn("page:home"));
        // A cycle must end the walk, not loop.
        cache.put("a", "a", Attachments.dependingOn("feed:home", "b"));
        cache.put("b", "b", Attachments.dependingOn("a"));

        cache.onBroadcast(broadcasts.keys("product:7"));

        assertThat(cache.getIfPresent("product:8")).isEqualTo("p8");
        for (String gone : List.of("product:7", "page:home", "feed:home", "a", "b")) {
            assertThat(cache.getIfPresent(gone)).as(gone).isNull();
        }
        NearCacheStats stats = cache.stats();
        assertThat(stats.evictionCount(EvictionCause.KEY)).isEqualTo(1);
        assertThat(stats.evictionCount(EvictionCause.DEPENDENTS)).isEqualTo(4);
        assertThat(stats.broadcastCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onBroadcast_keyNotCachedHere_stillDropsLocalDependents(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("page:home", "home", Attachments.dependingOn("product:7"));

        cache.onBroadcast(broadcasts.keys("product:7"));

        assertThat(cache.getIfPresent("page:home")).isNull();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onBroadcast_pattern_dropsMatchingKeysAndDependentsOfMatchingDependencies(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("category:3:page:1", "a");
        cache.put("category:3:page:2", "b");
        cache.put("category:33:page:1", "c");
        cache.put("category:3:title", "d");
        cache.put("menu", "m", Attachments.dependingOn("category:3:page:9"));

        cache.onBroadcast(broadcasts.patterns("category:3:page:*"));

        assertThat(cache.getIfPresent("category:3:page:1")).isNull();
        assertThat(cache.getIfPresent("category:3:page:2")).isNull();
        assertThat(cache.getIfPresent("menu")).isNull();
        assertThat(cache.getIfPresent("category:33:page:1")).isEqualTo("c");
        assertThat(cache.getIfPresent("category:3:title")).isEqualTo("d");
        assertThat(cache.stats().evictionCount(EvictionCause.PATTERN)).isEqualTo(2);
        assertThat(cache.stats().evictionCount(EvictionCause.DEPENDENTS)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onBroadcast_escapedGlobCharacters_matchLiterally(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("search:a*b", "literal star");
        cache.put("search:aXb", "x");

        cache.onBroadcast(broadcasts.patterns("search:a\\*b"));

        assertThat(cache.getIfPresent("search:a*b")).isNull();
        assertThat(cache.getIfPresent("search:aXb")).isEqualTo("x");
    }

    @Test
    void matching_patternWithLiteralPrefix_visitsOnlyThatRange() {
        CaffeineNearCache<String> cache = (CaffeineNearCache<String>) NearCache.<String>builder()
                .maximumSize(10_000).build();
        for (int i = 0; i < 5_000; i++) {
            cache.put("other:" + i, "x");
        }
        cache.put("product:7:a", "a");
        cache.put("product:7:b", "b");
        cache.put("product:70", "c");

        RedisGlob glob = RedisGlob.compile("product:7:*");
        assertThat(cache.indexes().scanWidth(glob)).isEqualTo(2);
        assertThat(cache.indexes().matching(glob)).containsExactly("product:7:a", "product:7:b");
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onBroadcast_tags_dropTaggedEntriesAndTheirDependents(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("product:7", "p7", Attachments.tags("category:3", "brand:1"));
        cache.put("product:8", "p8", Attachments.tags("category:4"));
        cache.put("page:home", "home", Attachments.dependingOn("product:7"));

        cache.onBroadcast(broadcasts.tags("category:3"));

        assertThat(cache.getIfPresent("product:7")).isNull();
        assertThat(cache.getIfPresent("page:home")).isNull();
        assertThat(cache.getIfPresent("product:8")).isEqualTo("p8");
        assertThat(cache.stats().evictionCount(EvictionCause.TAG)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void put_replacingAnEntry_itsOldTagsNoLongerApply(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("product:7", "old", Attachments.tags("category:3"));
        cache.put("product:7", "new", Attachments.tags("category:4"));

        cache.onBroadcast(broadcasts.tags("category:3"));
        assertThat(cache.getIfPresent("product:7")).isEqualTo("new");
        cache.onBroadcast(broadcasts.tags("category:4"));
        assertThat(cache.getIfPresent("product:7")).isNull();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onBroadcast_clearAll_dropsEverything(Config config) {
        CaffeineNearCache<String> cache = (CaffeineNearCache<String>) config.build(nanos);
        cache.put("a", "a", Attachments.tags("t"));
        cache.put("b", "b", Attachments.dependingOn("a"));

        cache.onBroadcast(broadcasts.clearAll());

        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.stats().evictionCount(EvictionCause.CLEAR)).isEqualTo(2);
        assertThat(cache.indexes().sizes()).containsExactly(0, 0, 0);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onMissed_dropsEverythingAndCountsTheReason(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("a", "a");
        cache.put("b", "b");

        cache.onMissed(MissReason.RETENTION_OVERTAKEN, "offset 10 deleted, earliest is 50");
        cache.onMissed(MissReason.GAP, "sequence 5 after 3");

        assertThat(cache.estimatedSize()).isZero();
        NearCacheStats stats = cache.stats();
        assertThat(stats.evictionCount(EvictionCause.MISSED)).isEqualTo(2);
        assertThat(stats.missedCount(MissReason.RETENTION_OVERTAKEN)).isEqualTo(1);
        assertThat(stats.missedCount(MissReason.GAP)).isEqualTo(1);
        assertThat(stats.missedCount(MissReason.DISCONNECTED)).isZero();
    }

    @Test
    void sizeEviction_unregistersFromTheIndexes() {
        CaffeineNearCache<String> cache = (CaffeineNearCache<String>) new Config(10, null).build(nanos);
        for (int i = 0; i < 1_000; i++) {
            cache.put("product:" + i, "v", Attachments.tags("tag:" + i).dependsOn("dep:" + i));
        }
        cache.cleanUp();

        assertThat(cache.estimatedSize()).isEqualTo(10);
        assertThat(cache.stats().evictionCount(EvictionCause.SIZE)).isEqualTo(990);
        assertThat(cache.indexes().sizes()).containsExactly(10, 10, 20);
    }

    @Test
    void expiry_unregistersFromTheIndexesAndCounts() {
        CaffeineNearCache<String> cache = (CaffeineNearCache<String>) new Config(100, Duration.ofMinutes(10))
                .build(nanos);
        cache.put("product:7", "v", Attachments.tags("category:3").dependsOn("sku:A"));
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());

        assertThat(cache.getIfPresent("product:7")).isNull();
        cache.cleanUp();

        assertThat(cache.stats().evictionCount(EvictionCause.EXPIRED)).isEqualTo(1);
        assertThat(cache.indexes().sizes()).containsExactly(0, 0, 0);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void invalidate_dropsKeyAndDependents(Config config) {
        NearCache<String> cache = config.build(nanos);
        cache.put("a", "a");
        cache.put("b", "b", Attachments.dependingOn("a"));

        cache.invalidate("a");

        assertThat(cache.estimatedSize()).isZero();
        cache.put("c", "c");
        cache.invalidateAll();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void get_followerOutOfSync_loadsInsteadOfServingTheCache() {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).build();
        AtomicBoolean inSync = new AtomicBoolean(true);
        cache.followedBy(inSync::get);
        cache.put("product:7", "cached");

        inSync.set(false);
        assertThat(cache.get("product:7", key -> "loaded")).isEqualTo("loaded");
        assertThat(cache.getIfPresent("product:7")).isNull();
        assertThat(cache.stats().bypassCount()).isEqualTo(2);

        inSync.set(true);
        // The value loaded while out of sync was read after the pause: storing it was safe.
        assertThat(cache.get("product:7", key -> "again")).isEqualTo("loaded");
        assertThat(cache.stats().hitCount()).isEqualTo(1);
    }

    @Test
    void followedBy_twoFollowers_inSyncOnlyWhenBothAre() {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).build();
        AtomicBoolean second = new AtomicBoolean(false);
        cache.followedBy(() -> true);
        cache.followedBy(second::get);
        cache.put("k", "cached");

        assertThat(cache.getIfPresent("k")).isNull();
        second.set(true);
        assertThat(cache.getIfPresent("k")).isEqualTo("cached");
    }

    @Test
    void build_withoutMaximumSize_namesTheSetting() {
        assertThatThrownBy(() -> NearCache.<String>builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maximumSize");
    }

    private static void awaitQuietly(CountDownLatch latch) {
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
