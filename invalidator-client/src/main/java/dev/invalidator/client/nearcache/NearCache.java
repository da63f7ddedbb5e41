package dev.invalidator.client.nearcache;

import java.util.function.Function;

import dev.invalidator.client.broadcast.BroadcastSubscriber;

/**
 * An in-process cache of values loaded from the database, kept true to it by the invalidation broadcast: hand it to
 * a broadcast follower as its {@link BroadcastSubscriber}. Built with {@link #builder()}:
 *
 * <pre>{@code
 * NearCache<Product> products = NearCache.<Product>builder()
 *         .maximumSize(10_000)
 *         .expireAfterWrite(Duration.ofMinutes(10))
 *         .build();
 * Product p = products.get("product:7", Attachments.tags("category:3"), key -> repository.load(7));
 * }</pre>
 *
 * <p>Guarantees: one load per key at a time (concurrent readers of a missing key wait for that load); a value whose
 * load started before an invalidation covering it (its key, a matching pattern, one of its tags, one of the keys it
 * depends on, a clear, or a missed-broadcast report) is returned to the readers of that load but never stored;
 * while the follower is not in sync, reads are loaded rather than served from the cache. Dropping an entry also
 * drops, transitively, every entry that declared a dependency on its key.
 *
 * <p>Under a {@link TtlPolicy} ({@link NearCacheBuilder#ttlPolicy}) entries live by key category, and a read of a
 * value past its soft TTL, or picked for early refresh, returns it and refreshes it in the background: such
 * refreshes are loads like the others (one per key, never stored once an invalidation overtook them).
 *
 * <p>Values are never null: a loader returning null means "absent", which is returned and not stored.
 *
 * @param <V> the type of the cached values
 */
public interface NearCache<V> extends BroadcastSubscriber {

    static <V> NearCacheBuilder<V> builder() {
        return new NearCacheBuilder<>();
    }

    /** The cached value of {@code key}, or the loader's value for it (stored without attachments). */
    V get(String key, Function<String, ? extends V> loader);

    /**
     * The cached value of {@code key}, or the loader's value for it, stored under {@code attachments}.
     * An exception from the loader reaches the caller (and the readers waiting for the same load) unchanged and
     * nothing is stored. A loader must not read the same key from this cache (that throws
     * {@link IllegalStateException}).
     */
    V get(String key, Attachments attachments, Function<String, ? extends V> loader);

    /** The cached value, or null when absent or when the follower is out of sync. */
    V getIfPresent(String key);

    /** Stores a value, replacing any; a load of the same key in progress will not overwrite it. */
    void put(String key, V value, Attachments attachments);

    default void put(String key, V value) {
        put(key, value, Attachments.none());
    }

    /** Drops the key and, transitively, whatever depends on it. */
    void invalidate(String key);

    /** Drops everything. */
    void invalidateAll();

    /** About how many entries are cached. */
    long estimatedSize();

    /** Runs pending maintenance (expiry, size eviction) now rather than at the next access. */
    void cleanUp();

    NearCacheStats stats();
}
