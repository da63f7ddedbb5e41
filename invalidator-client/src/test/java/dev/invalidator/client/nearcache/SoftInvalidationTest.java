package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Soft broadcasts: entries marked stale, served within their bound while one background load refreshes them. */
class SoftInvalidationTest {

    private static final Duration SOFT_MAX_STALE = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    /** An executor that runs nothing until the test says so: background refreshes wait here. */
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private final Broadcasts broadcasts = new Broadcasts();

    private NearCacheBuilder<String> builder() {
        return NearCache.<String>builder().maximumSize(1_000).ticker(nanos::get).executor(queued::add);
    }

    private NearCache<String> softCache() {
        return builder().softMaxStale(SOFT_MAX_STALE).build();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    @Test
    void onBroadcast_softKey_nextGetServesOldValueAndStartsOneRefresh() {
        NearCache<String> cache = softCache();
        AtomicInteger loads = new AtomicInteger();
        cache.get("product:7", k -> "v" + loads.incrementAndGet());

        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));

        assertThat(cache.get("product:7", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get("product:7", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.stats().refreshCount()).isEqualTo(1);
        runQueued();
        assertThat(cache.get("product:7", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
        assertThat(loads).hasValue(2);
        NearCacheStats stats = cache.stats();
        assertThat(stats.softMarkedCount()).isEqualTo(1);
        assertThat(stats.refreshCount()).isEqualTo(1);
        assertThat(stats.staleServedCount()).isEqualTo(2);
        assertThat(stats.evictionCount()).isZero();
    }

    @Test
    void onBroadcast_softPatternTagAndDependents_marksThemAllStaleAndDropsNothing() {
        NearCache<String> cache = softCache();
        cache.get("category:3:page:1", k -> "page");
        cache.get("product:8", Attachments.tags("category:4"), k -> "product");
        cache.get("view:8", Attachments.dependingOn("product:8"), k -> "view");
        cache.get("category:5:page:1", k -> "other");

        cache.onBroadcast(broadcasts.soft(List.of(), List.of("category:3:page:*"), List.of()));
        cache.onBroadcast(broadcasts.soft(List.of(), List.of(), List.of("category:4")));

        assertThat(cache.stats().softMarkedCount()).isEqualTo(3);
        assertThat(cache.stats().evictionCount()).isZero();
        assertThat(cache.get("category:3:page:1", k -> "page2")).isEqualTo("page");
        assertThat(cache.get("product:8", k -> "product2")).isEqualTo("product");
        assertThat(cache.get("view:8", k -> "view2")).isEqualTo("view");
        assertThat(cache.get("category:5:page:1", k -> "other2")).isEqualTo("other");
        assertThat(cache.stats().refreshCount()).isEqualTo(3);
        runQueued();
        assertThat(cache.getIfPresent("category:3:page:1")).isEqualTo("page2");
        assertThat(cache.getIfPresent("product:8")).isEqualTo("product2");
        assertThat(cache.getIfPresent("view:8")).isEqualTo("view2");
    }

    @Test
    void get_markedStalePastItsBound_isNeverServed() {
        NearCache<String> cache = softCache();
        cache.get("product:7", k -> "old");
        cache.get("product:8", k -> "old");
        cache.onBroadcast(broadcasts.soft(List.of("product:7", "product:8"), List.of(), List.of()));

        advance(SOFT_MAX_STALE.minusNanos(1));
        assertThat(cache.getIfPresent("product:7")).isEqualTo("old");
        assertThat(cache.get("product:8", k -> "new")).isEqualTo("old");   // its refresh is queued and never run
        advance(Duration.ofNanos(1));
        assertThat(cache.getIfPresent("product:7")).isNull();
        assertThat(cache.getIfPresent("product:8")).isNull();
        assertThat(cache.get("product:7", k -> "new")).isEqualTo("new");
        assertThat(cache.getIfPresent("product:7")).isEqualTo("new");
        assertThat(cache.stats().evictionCount(EvictionCause.EXPIRED)).isEqualTo(2);
    }

    @Test
    void onBroadcast_secondSoftInvalidation_doesNotLengthenTheFirstBound() {
        NearCache<String> cache = softCache();
        cache.get("product:7", k -> "old");
        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));
        advance(Duration.ofSeconds(20));

        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));
        advance(Duration.ofSeconds(10));

        assertThat(cache.getIfPresent("product:7")).isNull();
        assertThat(cache.stats().softMarkedCount()).isEqualTo(1);
    }

    @Test
    void onBroadcast_softUnderTtlPolicy_usesTheCategoryMaxStaleElseTheBuilderDefault() {
        TtlPolicy policy = TtlPolicy.builder()
                .category("issue:*", Ttl.afterWrite(Duration.ofMinutes(5)).withMaxStale(Duration.ofSeconds(10)))
                .defaultTtl(Duration.ofMinutes(10))
                .build();
        NearCache<String> cache = builder().ttlPolicy(policy).softMaxStale(SOFT_MAX_STALE).build();
        cache.get("issue:1", k -> "issue");
        cache.get("project:1", k -> "project");
        cache.onBroadcast(broadcasts.soft(List.of("issue:1", "project:1"), List.of(), List.of()));

        advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cache.getIfPresent("issue:1")).isEqualTo("issue");
        advance(Duration.ofNanos(1));
        assertThat(cache.getIfPresent("issue:1")).isNull();
        assertThat(cache.getIfPresent("project:1")).isEqualTo("project");
        advance(Duration.ofSeconds(20));
        assertThat(cache.getIfPresent("project:1")).isNull();
    }

    @Test
    void onBroadcast_softWithNoBoundConfigured_dropsAsHard() {
        TtlPolicy hardTtls = TtlPolicy.builder().defaultTtl(Duration.ofMinutes(10)).build();
        NearCache<String> plain = builder().build();
        NearCache<String> hardTtl = builder().ttlPolicy(hardTtls).build();
        for (NearCache<String> cache : List.of(plain, hardTtl)) {
            cache.get("product:7", k -> "old");
            cache.get("product:8", Attachments.tags("category:3"), k -> "old");

            cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of("category:3")));

            assertThat(cache.getIfPresent("product:7")).isNull();
            assertThat(cache.getIfPresent("product:8")).isNull();
            assertThat(cache.stats().evictionCount(EvictionCause.KEY)).isEqualTo(1);
            assertThat(cache.stats().evictionCount(EvictionCause.TAG)).isEqualTo(1);
            assertThat(cache.stats().softMarkedCount()).isZero();
        }
    }

    @Test
    void onBroadcast_hardAfterSoft_dropsTheMarkedEntry() {
        NearCache<String> cache = softCache();
        cache.get("product:7", k -> "old");
        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));

        cache.onBroadcast(broadcasts.keys("product:7"));

        assertThat(cache.getIfPresent("product:7")).isNull();
    }

    /** A refresh that began before a soft invalidation read what it invalidates: it is not the refresh. */
    @Test
    void refresh_startedBeforeASoftInvalidation_isNotStoredAsFresh() {
        NearCache<String> cache = softCache();
        cache.get("product:7", k -> "v1");
        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));
        assertThat(cache.get("product:7", k -> "v2, read before the second change")).isEqualTo("v1");
        assertThat(cache.stats().refreshCount()).isEqualTo(1);

        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));
        runQueued();

        assertThat(cache.getIfPresent("product:7")).isEqualTo("v1");
        assertThat(cache.stats().staleLoadCount()).isEqualTo(1);
        assertThat(cache.get("product:7", k -> "v3")).isEqualTo("v1");
        assertThat(cache.stats().refreshCount()).as("a new refresh started").isEqualTo(2);
        runQueued();
        assertThat(cache.getIfPresent("product:7")).isEqualTo("v3");
    }

    /** A reader's load that began before a soft invalidation gets its value but never stores it. */
    @Test
    void get_loadRacingASoftInvalidation_isNotStored() throws Exception {
        NearCache<String> cache = softCache();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> cache.get("product:7", k -> {
            loading.countDown();
            await(release);
            return "old";
        }));
        await(loading);

        cache.onBroadcast(broadcasts.soft(List.of("product:7"), List.of(), List.of()));
        release.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(cache.getIfPresent("product:7")).isNull();
        assertThat(cache.get("product:7", k -> "new")).isEqualTo("new");
        assertThat(cache.stats().staleLoadCount()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
