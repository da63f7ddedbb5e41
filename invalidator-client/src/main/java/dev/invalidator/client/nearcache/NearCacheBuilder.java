package dev.invalidator.client.nearcache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Ticker;

/** Configures a {@link NearCache}; start from {@link NearCache#builder()}. */
public final class NearCacheBuilder<V> {

    private long maximumSize = -1;
    private Duration expireAfterWrite;
    private Ticker ticker;
    private Executor executor;

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

    /** The time source for expiry; the system's by default. Tests pass a fake one. */
    public NearCacheBuilder<V> ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /** Where Caffeine runs its maintenance; the common pool by default. Tests pass {@code Runnable::run}. */
    public NearCacheBuilder<V> executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    public NearCache<V> build() {
        if (maximumSize < 0) {
            throw new IllegalStateException("maximumSize is required: an unbounded near-cache would grow without"
                    + " limit as keys are read");
        }
        return new CaffeineNearCache<>(new NearCacheSettings(maximumSize, expireAfterWrite, ticker, executor));
    }
}
