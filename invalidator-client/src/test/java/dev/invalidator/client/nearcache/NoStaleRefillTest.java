package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.invalidator.client.broadcast.MissReason;

/**
 * The hard requirement, with controlled interleavings: a reader's load of {@code product:7} has read the
 * old row and is held inside its loader; an invalidation covering it is applied; a second reader then gets the new
 * row; only then does the first load return. The old value must not be stored, neither over nothing nor over the
 * second reader's fresh value, and the second reader must not have joined the old load.
 */
class NoStaleRefillTest {

    private static final String PRODUCT = "product:7";
    private static final Attachments ATTACHED = Attachments.tags("category:3").dependsOn("sku:A");

    enum Invalidation {
        KEY((cache, b) -> cache.onBroadcast(b.keys(PRODUCT))),
        PATTERN((cache, b) -> cache.onBroadcast(b.patterns("product:[0-9]"))),
        TAG((cache, b) -> cache.onBroadcast(b.tags("category:3"))),
        DEPENDENCY((cache, b) -> cache.onBroadcast(b.keys("sku:A"))),
        DEPENDENCY_PATTERN((cache, b) -> cache.onBroadcast(b.patterns("sku:*"))),
        CLEAR((cache, b) -> cache.onBroadcast(b.clearAll())),
        MISSED((cache, b) -> cache.onMissed(MissReason.GAP, "sequence 5 after 3")),
        APPLICATION_INVALIDATE((cache, b) -> cache.invalidate(PRODUCT)),
        APPLICATION_PUT((cache, b) -> cache.put(PRODUCT, "put"));

        final BiConsumer<NearCache<String>, Broadcasts> apply;

        Invalidation(BiConsumer<NearCache<String>, Broadcasts> apply) {
            this.apply = apply;
        }
    }

    @ParameterizedTest
    @EnumSource(Invalidation.class)
    void get_invalidatedWhileLoading_oldValueNeverStored(Invalidation invalidation) throws Exception {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).build();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<String> firstReader = CompletableFuture.supplyAsync(() -> cache.get(PRODUCT, ATTACHED, key -> {
            loading.countDown();
            await(release);
            return "old";
        }));
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

        invalidation.apply.accept(cache, new Broadcasts());
        String expectedNow = invalidation == Invalidation.APPLICATION_PUT ? "put" : "new";
        String secondReader = cache.get(PRODUCT, ATTACHED, key -> "new");
        release.countDown();

        // The first reader's read overlapped the change, so it may see the old row; the cache may not keep it.
        assertThat(firstReader.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(secondReader).isEqualTo(expectedNow);
        assertThat(cache.getIfPresent(PRODUCT)).isEqualTo(expectedNow);
        assertThat(cache.stats().staleLoadCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Invalidation.class)
    void get_invalidatedWhileLoadingAndNobodyElseReads_nothingStored(Invalidation invalidation) throws Exception {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100).build();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> cache.get(PRODUCT, ATTACHED, key -> {
            loading.countDown();
            await(release);
            return "old";
        }));
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        invalidation.apply.accept(cache, new Broadcasts());
        release.countDown();
        reader.get(10, TimeUnit.SECONDS);

        String expected = invalidation == Invalidation.APPLICATION_PUT ? "put" : null;
        assertThat(cache.getIfPresent(PRODUCT)).isEqualTo(expected);
        assertThat(cache.get(PRODUCT, key -> "new")).isEqualTo(expected == null ? "new" : expected);
    }

    /**
     * The same race with a background refresh: a reader of a stale entry gets the stale value at once and starts a
     * refresh, which reads the old row and is held; the invalidation is applied; only then does the refresh return.
     */
    @ParameterizedTest
    @EnumSource(Invalidation.class)
    void refresh_invalidatedWhileRefreshing_oldValueNeverStored(Invalidation invalidation) throws Exception {
        AtomicLong nanos = new AtomicLong();
        CaffeineNearCache<String> cache = (CaffeineNearCache<String>) NearCache.<String>builder().maximumSize(100)
                .ticker(nanos::get)
                .executor(task -> new Thread(task, "refresh").start())
                .ttlPolicy(TtlPolicy.builder()
                        .defaultTtl(Ttl.afterWrite(Duration.ofMinutes(1)).withMaxStale(Duration.ofMinutes(1)))
                        .build())
                .build();
        cache.get(PRODUCT, ATTACHED, key -> "older");
        nanos.addAndGet(Duration.ofSeconds(70).toNanos());
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        String stale = cache.get(PRODUCT, ATTACHED, key -> {
            loading.countDown();
            await(release);
            return "old";
        });
        assertThat(stale).isEqualTo("older");
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

        invalidation.apply.accept(cache, new Broadcasts());
        String expectedNow = invalidation == Invalidation.APPLICATION_PUT ? "put" : "new";
        String secondReader = cache.get(PRODUCT, ATTACHED, key -> "new");
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.loadsInFlight() == 0
                && cache.stats().refreshSuccessCount() == 1);

        assertThat(secondReader).isEqualTo(expectedNow);
        assertThat(cache.getIfPresent(PRODUCT)).isEqualTo(expectedNow);
        assertThat(cache.stats().staleLoadCount()).isEqualTo(1);
        assertThat(cache.stats().refreshCount()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
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
