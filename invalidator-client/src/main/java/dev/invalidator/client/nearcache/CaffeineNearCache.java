package dev.invalidator.client.nearcache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.invalidator.client.broadcast.Freshness;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;

/**
 * The near-cache on Caffeine.
 *
 * <p>No stale refill: every load registers in {@link InFlightLoads} before it calls the loader. An invalidation
 * first marks the running loads it covers stale, then reads the {@link Indexes} to find what to drop. A load stores
 * its value inside Caffeine's per-key computation: it registers the entry in the indexes first, then checks whether
 * it went stale, and if so withdraws. Whichever order the two threads run in, either the load sees its mark, or the
 * invalidation finds the entry in the indexes and removes it (its removal waits for the same per-key computation).
 *
 * <p>Index upkeep happens inside the per-key computations too: ours for stores and invalidations, Caffeine's
 * synchronous eviction listener for size and expiry.
 *
 * <p>Under a {@link TtlPolicy} each entry carries its {@link Lifetime}; Caffeine expires it at the end of its stale
 * time ({@link PolicyExpiry}), and a hit past its fresh time (or an early-refresh draw) registers a background load in
 * {@link InFlightLoads} like any other, so refreshes are one per key and fall under the same stale marks.
 *
 * <p>A soft broadcast marks running loads stale exactly as a hard one does (a load that began before it read what it
 * invalidates and must not be stored as fresh), then marks the entries it covers stale in place instead of removing
 * them ({@link Entry#markStale}). A marked entry is served until its bound (its category's {@code maxStale}, else
 * {@code softMaxStale}) while one background load replaces it; at its bound a read removes it and loads in the
 * foreground. With no bound configured a soft broadcast removes, as a hard one.
 */
final class CaffeineNearCache<V> implements NearCache<V> {

    private static final Logger log = LoggerFactory.getLogger(CaffeineNearCache.class);

    private final Indexes indexes = new Indexes();
    private final InFlightLoads<V> loads = new InFlightLoads<>();
    private final Counters counters = new Counters();
    private final Cache<String, Entry<V>> cache;
    /** Null without a TTL policy. */
    private final TtlPolicy policy;
    private final Ticker ticker;
    private final Executor executor;
    /** Zero when the builder set no soft bound. */
    private final long softMaxStaleNanos;
    /** Null when the builder set none. */
    private final EvictionListener evictionListener;
    private volatile Freshness freshness;

    CaffeineNearCache(NearCacheSettings settings) {
        this.policy = settings.ttlPolicy();
        this.ticker = settings.ticker() != null ? settings.ticker() : Ticker.systemTicker();
        this.executor = settings.executor() != null ? settings.executor() : ForkJoinPool.commonPool();
        this.softMaxStaleNanos = settings.softMaxStale() == null ? 0 : settings.softMaxStale().toNanos();
        this.evictionListener = settings.evictionListener();
        Caffeine<String, Entry<V>> builder = Caffeine.newBuilder().maximumSize(settings.maximumSize())
                .evictionListener(this::evicted);
        if (settings.expireAfterWrite() != null) {
            builder.expireAfterWrite(settings.expireAfterWrite());
        }
        if (policy != null) {
            builder.expireAfter(new PolicyExpiry<V>());
        }
        if (settings.ticker() != null) {
            builder.ticker(settings.ticker());
        }
        if (settings.executor() != null) {
            builder.executor(settings.executor());
        }
        this.cache = builder.build();
    }

    // ---- reads

    @Override
    public V get(String key, Function<String, ? extends V> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        return read(key, Attachments.none(), loader);
    }

    @Override
    public V get(String key, Attachments attachments, Function<String, ? extends V> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attachments, "attachments");
        Objects.requireNonNull(loader, "loader");
        return read(key, attachments, loader);
    }

    private V read(String key, Attachments attachments, Function<String, ? extends V> loader) {
        if (!inSync()) {
            counters.bypass();
            return load(key, attachments, loader, false);
        }
        Entry<V> entry = cache.getIfPresent(key);
        if (entry != null && entry.lifetime == null && !entry.markedStale()) {
            // The common hit, kept apart from the rest so that it stays small enough to be inlined.
            counters.hit();
            return entry.value;
        }
        return getInSync(key, entry, attachments, loader);
    }

    /** A read while in sync that is not a plain hit: a miss, or an entry marked stale or under a TTL policy. */
    private V getInSync(String key, Entry<V> found, Attachments attachments, Function<String, ? extends V> loader) {
        Entry<V> entry = servable(key, found);
        if (entry == null) {
            counters.miss();
            return load(key, attachments, loader, true);
        }
        counters.hit();
        if (entry.markedStale()) {
            counters.staleServed();
            refresh(key, attachments, loader);
        } else if (entry.lifetime != null) {
            refreshIfDue(key, entry.lifetime, attachments, loader);
        }
        return entry.value;
    }

    @Override
    public V getIfPresent(String key) {
        Objects.requireNonNull(key, "key");
        if (!inSync()) {
            counters.bypass();
            return null;
        }
        Entry<V> entry = servable(key, cache.getIfPresent(key));
        if (entry == null) {
            counters.miss();
            return null;
        }
        counters.hit();
        if (entry.markedStale() || entry.lifetime != null && isStale(entry.lifetime)) {
            counters.staleServed();
        }
        return entry.value;
    }

    /**
     * {@code entry}, or null when a soft invalidation marked it and its bound has passed: then it is removed (unless
     * it was replaced meanwhile), so that it is never served past its bound even where Caffeine keeps it longer.
     */
    private Entry<V> servable(String key, Entry<V> entry) {
        // The clock is read only for a marked entry: a hit on an unmarked one costs no more than Caffeine's.
        if (entry == null || !entry.markedStale() || !entry.staleExpiredAt(ticker.read())) {
            return entry;
        }
        boolean[] removed = {false};
        cache.asMap().computeIfPresent(key, (k, current) -> {
            if (current != entry) {
                return current;
            }
            indexes.unregister(k, current);
            counters.evicted(EvictionCause.EXPIRED);
            removed[0] = true;
            return null;
        });
        if (removed[0]) {
            tellEvicted(key, EvictionCause.EXPIRED);
        }
        return null;
    }

    private boolean isStale(Lifetime lifetime) {
        return !lifetime.sliding() && ticker.read() - lifetime.freshUntil() >= 0;
    }

    private boolean inSync() {
        Freshness current = freshness;
        return current == null || current.inSync();
    }

    private V load(String key, Attachments attachments, Function<String, ? extends V> loader, boolean inSync) {
        Load<V> mine = new Load<>(key, attachments);
        Load<V> running = loads.startOrJoin(mine);
        if (running != null) {
            if (running.owner() == mine.owner()) {
                throw new IllegalStateException("recursive load of key '" + key
                        + "': its loader read the same key from this near-cache");
            }
            return await(running);
        }
        try {
            if (inSync) {
                // Another reader may have stored the key between our miss and our registration.
                Entry<V> entry = servable(key, cache.getIfPresent(key));
                if (entry != null && !entry.markedStale()) {
                    mine.result.complete(entry.value);
                    return entry.value;
                }
            }
            long started = ticker.read();
            V value = callLoader(mine, loader);
            if (value != null && !store(key, entry(key, value, attachments, ticker.read() - started), mine)) {
                counters.staleLoad();
            }
            mine.result.complete(value);
            return value;
        } catch (RuntimeException | Error failure) {
            // Whatever failed after the loader (storing, a ticker), the readers that joined this load must not wait
            // forever; a no-op when the loader's own failure already completed the result.
            mine.result.completeExceptionally(failure);
            throw failure;
        } finally {
            loads.finished(mine);
        }
    }

    // ---- time to live

    /** A hit under a TTL policy: past its fresh time, or by the early-refresh draw, refresh in the background. */
    private void refreshIfDue(String key, Lifetime lifetime, Attachments attachments,
            Function<String, ? extends V> loader) {
        if (lifetime.sliding()) {
            return;
        }
        long freshLeft = lifetime.freshUntil() - ticker.read();
        if (freshLeft <= 0) {
            counters.staleServed();
            refresh(key, attachments, loader);
        } else if (policy.refreshEarly(freshLeft, lifetime.loadNanos())) {
            refresh(key, attachments, loader);
        }
    }

    /** Starts a background load of {@code key} unless one (background or not) is running already. */
    private void refresh(String key, Attachments attachments, Function<String, ? extends V> loader) {
        Load<V> mine = new Load<>(key, attachments);
        if (loads.startOrJoin(mine) != null) {
            return;
        }
        counters.refreshStarted();
        try {
            executor.execute(() -> runRefresh(mine, loader));
        } catch (RuntimeException rejected) {
            loads.finished(mine);
            mine.result.completeExceptionally(rejected);
            counters.refreshFailure();
            log.warn("Near-cache could not start the refresh of key '{}'; serving its stale value meanwhile", key,
                    rejected);
        }
    }

    private void runRefresh(Load<V> load, Function<String, ? extends V> loader) {
        load.runOn(Thread.currentThread());
        try {
            long started = ticker.read();
            V value = callLoader(load, loader);
            counters.refreshSuccess();
            boolean stored = value == null
                    ? dropRefreshed(load)
                    : store(load.key, entry(load.key, value, load.attachments, ticker.read() - started), load);
            if (!stored) {
                counters.staleLoad();
            }
            load.result.complete(value);
        } catch (Throwable failure) {
            // Readers that joined this load (the entry expired meanwhile) get the failure, as with any load.
            load.result.completeExceptionally(failure);
            counters.refreshFailure();
            log.warn("Near-cache refresh of key '{}' failed; its current value is served until it expires",
                    load.key, failure);
            if (failure instanceof Error error) {
                throw error;
            }
        } finally {
            loads.finished(load);
        }
    }

    /** The refresh found the value gone: drop the entry, unless an invalidation overtook the refresh. */
    private boolean dropRefreshed(Load<V> load) {
        boolean[] dropped = {false};
        cache.asMap().computeIfPresent(load.key, (k, old) -> {
            if (load.isStale()) {
                return old;
            }
            indexes.unregister(k, old);
            counters.evicted(EvictionCause.EXPIRED);
            dropped[0] = true;
            return null;
        });
        if (dropped[0]) {
            tellEvicted(load.key, EvictionCause.EXPIRED);
        }
        return dropped[0] || !load.isStale();
    }

    /** A new entry; under a TTL policy with its lifetime, its TTL drawn now. */
    private Entry<V> entry(String key, V value, Attachments attachments, long loadNanos) {
        if (policy == null) {
            return new Entry<>(value, attachments);
        }
        Ttl ttl = policy.ttlFor(key);
        long freshNanos = policy.jittered(ttl.timeToLive()).toNanos();
        Lifetime lifetime = new Lifetime(ticker.read(), freshNanos, ttl.maxStale().toNanos(), ttl.sliding(),
                Math.max(0, loadNanos));
        return new Entry<>(value, attachments, lifetime);
    }

    private V callLoader(Load<V> load, Function<String, ? extends V> loader) {
        try {
            V value = loader.apply(load.key);
            counters.loadSuccess();
            return value;
        } catch (Throwable failure) {
            counters.loadFailure();
            load.result.completeExceptionally(failure);
            throw failure;
        }
    }

    private static <V> V await(Load<V> running) {
        try {
            return running.result.join();
        } catch (CompletionException e) {
            // The loader's own exception, as the reader that ran it saw it.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    // ---- writes

    @Override
    public void put(String key, V value, Attachments attachments) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(attachments, "attachments");
        // A load of this key running now read older data than this value: it must not overwrite it.
        loads.markStale(load -> load.key.equals(key));
        store(key, entry(key, value, attachments, 0), null);
    }

    /** Stores {@code fresh} unless {@code load} went stale; see the class comment for why this order. */
    private boolean store(String key, Entry<V> fresh, Load<V> load) {
        boolean[] stored = {false};
        cache.asMap().compute(key, (k, old) -> {
            indexes.register(k, fresh);
            if (load != null && load.isStale()) {
                if (old != null) {
                    indexes.register(k, old);
                }
                indexes.unregister(k, fresh);
                return old;
            }
            if (old != null) {
                indexes.unregister(k, old);
            }
            stored[0] = true;
            return fresh;
        });
        return stored[0];
    }

    // ---- invalidation

    @Override
    public void invalidate(String key) {
        Objects.requireNonNull(key, "key");
        drop(List.of(key), EvictionCause.KEY);
    }

    @Override
    public void invalidateAll() {
        clear(EvictionCause.CLEAR);
    }

    @Override
    public void onBroadcast(InvalidationBroadcast broadcast) {
        counters.broadcast();
        if (broadcast.clearAll()) {
            clear(EvictionCause.CLEAR);
            return;
        }
        boolean soft = broadcast.soft();
        if (!broadcast.keys().isEmpty()) {
            drop(broadcast.keys(), EvictionCause.KEY, soft);
        }
        for (String pattern : broadcast.patterns()) {
            dropMatching(RedisGlob.compile(pattern), soft);
        }
        for (String tag : broadcast.tags()) {
            dropTagged(tag, soft);
        }
    }

    @Override
    public void onMissed(MissReason reason, String detail) {
        Objects.requireNonNull(reason, "reason");
        counters.missed(reason);
        log.warn("Near-cache dropping all {} entries: broadcasts may have been missed ({}: {})",
                cache.estimatedSize(), reason, detail);
        clear(EvictionCause.MISSED);
    }

    @Override
    public synchronized void followedBy(Freshness follower) {
        Objects.requireNonNull(follower, "freshness");
        Freshness previous = freshness;
        // Followed by several (e.g. one per broadcast source): in sync only when all of them are.
        freshness = previous == null ? follower : () -> previous.inSync() && follower.inSync();
    }

    private void dropMatching(RedisGlob glob, boolean soft) {
        List<String> staleKeys = loads.markStale(load -> glob.matches(load.key)
                || load.attachments.dependencySet().stream().anyMatch(glob::matches));
        List<String> roots = new ArrayList<>(indexes.matching(glob));
        roots.addAll(staleKeys);
        drop(roots, EvictionCause.PATTERN, soft);
    }

    private void dropTagged(String tag, boolean soft) {
        List<String> staleKeys = loads.markStale(load -> load.attachments.tagSet().contains(tag));
        List<String> roots = new ArrayList<>(indexes.taggedWith(tag));
        roots.addAll(staleKeys);
        drop(roots, EvictionCause.TAG, soft);
    }

    private void drop(Collection<String> roots, EvictionCause cause) {
        drop(roots, cause, false);
    }

    /**
     * Drops the roots and, transitively and at most once each, what depends on them; cycles end there. Soft: marks
     * them stale instead (see the class comment); the running loads they cover go stale either way.
     */
    private void drop(Collection<String> roots, EvictionCause cause, boolean soft) {
        Set<String> visited = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        int rootsLeft = roots.size();
        while (!pending.isEmpty()) {
            String key = pending.poll();
            EvictionCause why = rootsLeft-- > 0 ? cause : EvictionCause.DEPENDENTS;
            if (!visited.add(key)) {
                continue;
            }
            // Loads of this key, or of values derived from it, read what is being invalidated.
            pending.addAll(loads.markStale(load -> load.key.equals(key)
                    || load.attachments.dependencySet().contains(key)));
            if (soft) {
                markStale(key, why);
            } else {
                remove(key, why);
            }
            pending.addAll(indexes.dependentsOf(key));
        }
    }

    private void clear(EvictionCause cause) {
        loads.markStale(load -> true);
        for (String key : indexes.keys()) {
            remove(key, cause);
        }
    }

    /**
     * Marks the entry of {@code key} stale until its bound, or removes it when it has none. Read quietly: a soft
     * invalidation is no read for sliding expiry or for Caffeine's size policy.
     */
    private void markStale(String key, EvictionCause cause) {
        Entry<V> entry = cache.policy().getIfPresentQuietly(key);
        if (entry == null) {
            return;
        }
        long bound = entry.lifetime != null && entry.lifetime.maxStaleNanos() > 0
                ? entry.lifetime.maxStaleNanos()
                : softMaxStaleNanos;
        if (bound <= 0) {
            remove(key, cause);
        } else if (entry.markStale(ticker.read() + bound)) {
            counters.softMarked();
        }
    }

    private void remove(String key, EvictionCause cause) {
        boolean[] removed = {false};
        cache.asMap().computeIfPresent(key, (k, entry) -> {
            indexes.unregister(k, entry);
            counters.evicted(cause);
            removed[0] = true;
            return null;
        });
        if (removed[0]) {
            tellEvicted(key, cause);
        }
    }

    /** Caffeine's eviction listener: runs inside the removal of an entry that expired or did not fit. */
    private void evicted(String key, Entry<V> entry, RemovalCause cause) {
        if (key != null && entry != null) {
            indexes.unregister(key, entry);
        }
        EvictionCause why = cause == RemovalCause.EXPIRED ? EvictionCause.EXPIRED : EvictionCause.SIZE;
        counters.evicted(why);
        if (key != null) {
            tellEvicted(key, why);
        }
    }

    /**
     * Tells the application's listener, after our own per-key computation (Caffeine's eviction listener, for size and
     * expiry, still runs inside its own); the listener's failure must not break a removal.
     */
    private void tellEvicted(String key, EvictionCause cause) {
        if (evictionListener == null) {
            return;
        }
        try {
            evictionListener.onEvicted(key, cause);
        } catch (RuntimeException e) {
            log.warn("Near-cache eviction listener failed for key '{}' ({})", key, cause, e);
        }
    }

    // ---- the rest

    @Override
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    @Override
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public NearCacheStats stats() {
        return counters.snapshot();
    }

    Indexes indexes() {
        return indexes;
    }

    int loadsInFlight() {
        return loads.size();
    }
}
