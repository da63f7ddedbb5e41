package dev.invalidator.client.nearcache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Ticker;

/** Configures a {@link NearCache}; start from {@link NearCache#builder()}. */
public final class NearCacheBuilder<V> {

    private long maximumSize = -1;
    private Duration expireAfterWrite;
    private TtlPolicy ttlPolicy;
    private Ticker ticker;
    private Executor executor;
    private Duration softMaxStale;
    private EvictionListener evictionListener;

    NearCacheBuilder() {
    }

    /** Most entries kept; the least valuable go first when it is exceeded (Caffeine's policy). Required. */
    public NearCacheBuilder<V> maximumSize(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("maximumSize must be zero or more, got " + maximumSize);
        }
        this.maximumSize = maximumSize;
        return this;
    }

    /**
     * Drop entries this long after they were stored: a safety net under the broadcast, not a substitute for it.
     * Without it entries live until invalidated or evicted for size.
     */
    public NearCacheBuilder<V> expireAfterWrite(Duration expireAfterWrite) {
        Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
        if (expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
            throw new IllegalArgumentException("expireAfterWrite must be positive, got " + expireAfterWrite);
        }
        this.expireAfterWrite = expireAfterWrite;
        return this;
    }

    /**
     * Entries live by key category as {@code policy} says: per-category TTL with jitter, sliding expiry, soft TTL
     * (a value past its TTL is served for at most its {@code maxStale} while one background load refreshes it) and
     * early refresh of hot keys. Refreshes run on the {@link #executor}, one per key at a time, and, like every
     * load, never store a value an invalidation overtook. A refresh that fails is counted and logged; the stale
     * value is served on until its {@code maxStale} ends, then the entry expires and the next read loads in the
     * foreground, where a failure reaches the caller. A refresh whose loader returns null drops the entry.
     * Cannot be combined with {@link #expireAfterWrite}.
     */
    public NearCacheBuilder<V> ttlPolicy(TtlPolicy policy) {
        this.ttlPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** The time source for expiry and the TTL policy; the system's by default. Tests pass a fake one. */
    public NearCacheBuilder<V> ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Where Caffeine runs its maintenance and the TTL policy's background refreshes run; the common pool by default.
     * Tests pass {@code Runnable::run}.
     */
    public NearCacheBuilder<V> executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * How long an entry a soft invalidation marked stale may still be served while one background load refreshes it,
     * for entries whose {@link TtlPolicy} category has no {@code maxStale} of its own (or without a policy). Counted
     * from the soft invalidation. Without it (and without a category {@code maxStale}) soft invalidations drop
     * entries as hard ones do.
     */
    public NearCacheBuilder<V> softMaxStale(Duration softMaxStale) {
        Objects.requireNonNull(softMaxStale, "softMaxStale");
        if (softMaxStale.isNegative() || softMaxStale.isZero() || softMaxStale.compareTo(Ttl.LONGEST) > 0) {
            throw new IllegalArgumentException("softMaxStale must be positive and at most 10000 days, got "
                    + softMaxStale);
        }
        this.softMaxStale = softMaxStale;
        return this;
    }

    /**
     * Told each time an entry leaves the cache, with its key and why ({@link EvictionListener} says on which thread
     * and what it may do). None by default.
     */
    public NearCacheBuilder<V> evictionListener(EvictionListener listener) {
        this.evictionListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public NearCache<V> build() {
        if (maximumSize < 0) {
            throw new IllegalStateException("maximumSize is required: an unbounded near-cache would grow without"
                    + " limit as keys are read");
        }
        if (expireAfterWrite != null && ttlPolicy != null) {
            throw new IllegalStateException("expireAfterWrite and ttlPolicy cannot both be set: give the policy a"
                    + " defaultTtl instead");
        }
        return new CaffeineNearCache<>(new NearCacheSettings(maximumSize, expireAfterWrite, ttlPolicy, ticker,
                executor, softMaxStale, evictionListener));
    }
}
