package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The builder's eviction listener: told once per entry that leaves, with its key and why, and nothing else. */
class EvictionListenerTest {

    record Evicted(String key, EvictionCause cause) {
    }

    private final List<Evicted> told = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final Broadcasts broadcasts = new Broadcasts();

    private NearCacheBuilder<String> builder() {
        return NearCache.<String>builder().maximumSize(100).ticker(nanos::get).executor(Runnable::run)
                .evictionListener((key, cause) -> told.add(new Evicted(key, cause)));
    }

    @Test
    void onBroadcast_namedKeyCached_tellsItsKeyOnce() {
        NearCache<String> cache = builder().build();
        cache.put("item:1", "a");
        cache.put("item:2", "b");

        cache.onBroadcast(broadcasts.keys("item:1", "item:3"));

        assertThat(told).containsExactly(new Evicted("item:1", EvictionCause.KEY));
        assertThat(cache.getIfPresent("item:2")).isEqualTo("b");
    }

    @Test
    void onBroadcast_tagAndDependents_tellsEachCause() {
        NearCache<String> cache = builder().build();
        cache.put("product:7", "p", Attachments.tags("category:3"));
        cache.put("page:7", "html", Attachments.dependingOn("product:7"));

        cache.onBroadcast(broadcasts.tags("category:3"));

        assertThat(told).containsExactly(new Evicted("product:7", EvictionCause.TAG),
                new Evicted("page:7", EvictionCause.DEPENDENTS));
    }

    @Test
    void put_overSize_tellsSize() {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(1).executor(Runnable::run)
                .evictionListener((key, cause) -> told.add(new Evicted(key, cause))).build();

        cache.put("a", "1");
        cache.put("b", "2");
        cache.cleanUp();

        assertThat(told).hasSize(1).allSatisfy(e -> assertThat(e.cause()).isEqualTo(EvictionCause.SIZE));
    }

    @Test
    void cleanUp_pastExpireAfterWrite_tellsExpired() {
        NearCache<String> cache = builder().expireAfterWrite(Duration.ofMinutes(1)).build();
        cache.put("a", "1");

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        cache.cleanUp();

        assertThat(told).containsExactly(new Evicted("a", EvictionCause.EXPIRED));
    }

    @Test
    void onBroadcast_softWithBound_marksWithoutTelling() {
        NearCache<String> cache = builder().softMaxStale(Duration.ofSeconds(5)).build();
        cache.put("a", "1");

        cache.onBroadcast(broadcasts.soft(List.of("a"), List.of(), List.of()));

        assertThat(told).isEmpty();
        assertThat(cache.getIfPresent("a")).isEqualTo("1");
    }

    @Test
    void invalidate_listenerThrows_entryStillGone() {
        NearCache<String> cache = NearCache.<String>builder().maximumSize(100)
                .evictionListener((key, cause) -> {
                    throw new IllegalStateException("listener broken");
                }).build();
        cache.put("a", "1");

        cache.invalidate("a");

        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.stats().evictionCount(EvictionCause.KEY)).isEqualTo(1);
    }
}
