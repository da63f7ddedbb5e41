package dev.invalidator.client.redis;

import dev.invalidator.client.nearcache.TtlPolicy;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Cache-aside over Redis that never stores a value loaded before an invalidation of its key, following the lease
 * protocol the invalidator service implements its side of (event-schemas/REDIS-LAYOUT.md):
 *
 * <ol>
 *   <li>a read that finds the key takes its value;
 *   <li>a miss takes the key's lease ({@code SET lease token NX PX leaseTtl}) <em>before</em> calling the loader;
 *   <li>after loading it adds the key to its tag sets and to the dependents sets of what it depends on, then writes
 *       the value with a script that checks the lease still holds its token. When the service invalidated the key
 *       meanwhile, it removed the lease with the key, and the (possibly old) value is not stored. The loaded value is
 *       returned either way;
 *   <li>a miss that finds another reader's lease polls for that reader's value a little while, and then loads
 *       without storing ("read-through") rather than stampede the store.
 * </ol>
 *
 * <p>Works on a standalone Redis ({@code RedisClient}) and on Redis Cluster ({@code RedisClusterClient}): a key and
 * its lease share a slot by the layout, and tag and dependents sets are written with single-key commands.
 *
 * <pre>{@code
 * RedisCache<String> cache = RedisCache.builder()
 *         .redis(redisClient)
 *         .leaseTtl(Duration.ofSeconds(5))
 *         .ttlJitter(0.1)
 *         .build(ValueCodec.utf8());
 * String page = cache.getOrLoad("category:3:page:1", key -> render(3, 1), Duration.ofMinutes(10),
 *         Set.of("category:3"), Set.of("product:7", "product:9"));
 * }</pre>
 *
 * <p>With a {@link TtlPolicy} ({@link Builder#ttlPolicy}) the TTL may be left out: {@code getOrLoad(key, loader)}
 * takes the TTL of the key's category, with the policy's jitter. Redis keeps a fixed TTL: a sliding category's TTL
 * counts from the write here, and soft TTLs and early refresh are near-cache behaviours.
 *
 * <p>Thread-safe. The cache does not own the Redis client: closing it is the application's business.
 *
 * @param <V> the cached value type
 */
public final class RedisCache<V> {

    private final UnifiedJedis redis;
    private final RedisKeyLayout layout;
    private final ValueCodec<V> codec;
    private final Duration leaseTtl;
    private final Duration maxLeaseWait;
    private final Duration leasePollInterval;
    private final double ttlJitter;
    private final TtlPolicy ttlPolicy;
    private final LeaseTokens tokens = new LeaseTokens();
    private final StatsCounter stats = new StatsCounter();

    private RedisCache(Builder builder, ValueCodec<V> codec) {
        this.redis = builder.redis;
        this.layout = builder.layout;
        this.codec = codec;
        this.leaseTtl = builder.leaseTtl;
        this.maxLeaseWait = builder.maxLeaseWait;
        this.leasePollInterval = builder.leasePollInterval;
        this.ttlJitter = builder.ttlJitter;
        this.ttlPolicy = builder.ttlPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@link #getOrLoad(String, Function, Duration, Set, Set)} with the TTL policy's TTL for the key, without tags
     * or dependencies.
     *
     * @throws IllegalStateException when the cache was built without a {@link Builder#ttlPolicy}
     */
    public V getOrLoad(String key, Function<String, ? extends V> loader) {
        return getOrLoad(key, loader, Set.of(), Set.of());
    }

    /**
     * {@link #getOrLoad(String, Function, Duration, Set, Set)} with the TTL of the key's category in the TTL policy,
     * jittered as the policy says.
     *
     * @throws IllegalStateException when the cache was built without a {@link Builder#ttlPolicy}
     */
    public V getOrLoad(String key, Function<String, ? extends V> loader, Set<String> tags, Set<String> dependsOn) {
        Objects.requireNonNull(key, "key");
        if (ttlPolicy == null) {
            throw new IllegalStateException("no TTL given for key '" + key + "' and no ttlPolicy configured");
        }
        Duration ttl = ttlPolicy.ttlFor(key).timeToLive();
        long valueTtl = Math.max(1, ttlPolicy.jittered(ttl).toMillis());
        long maxValueTtl = (long) Math.ceil(ttl.toMillis() * (1 + ttlPolicy.jitter()));
        return getOrLoad(loader, plan(key, valueTtl, maxValueTtl, tags, dependsOn));
    }

    /** {@link #getOrLoad(String, Function, Duration, Set, Set)} without tags or dependencies. */
    public V getOrLoad(String key, Function<String, ? extends V> loader, Duration ttl) {
        return getOrLoad(key, loader, ttl, Set.of(), Set.of());
    }

    /**
     * The value of {@code key}: from Redis when it is there, otherwise from {@code loader}, stored under the key's
     * lease if no invalidation of the key happened while loading.
     *
     * @param loader    reads the value from the source of truth; may return null, which is returned and not stored.
     *                  Its exceptions are thrown as they are, after this reader's lease is given up
     * @param ttl       time to live of a stored value, lengthened by up to {@code ttlJitter} times itself at random
     *                  so that values filled together do not expire together
     * @param tags      tags the stored value belongs to: the service removes it when one of them is invalidated
     * @param dependsOn cache keys this value is derived from: a cascading invalidation of one of them removes it
     * @throws IllegalArgumentException when the key, a tag or a dependency cannot be named in the layout (a key in
     *                                  the invalidator's namespace, a key with '}' but no valid hash tag, an empty
     *                                  tag), or the TTL is not positive
     * @throws RedisCacheException      when Redis fails, or the codec fails on the stored or loaded value
     */
    public V getOrLoad(String key, Function<String, ? extends V> loader, Duration ttl, Set<String> tags,
            Set<String> dependsOn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("the TTL of key '" + key + "' must be at least 1 ms, was " + ttl);
        }
        long ttlMillis = ttl.toMillis();
        return getOrLoad(loader, plan(key, jittered(ttlMillis), maxValueTtl(ttlMillis), tags, dependsOn));
    }

    private V getOrLoad(Function<String, ? extends V> loader, Fill fill) {
        Objects.requireNonNull(loader, "loader");
        String key = fill.key();
        byte[] cached = redis("read", key, () -> redis.get(bytes(key)));
        if (cached != null) {
            stats.hit();
            return decode(key, cached);
        }
        stats.miss();
        String token = tokens.next();
        Attempt first = tryLease(fill, token);
        if (first.value() != null) {
            stats.hit();
            return decode(key, first.value());
        }
        if (first.leased()) {
            return loadAndFill(fill, token, loader);
        }
        return awaitOtherReader(fill, token, loader);
    }

    /** What this cache did so far. */
    public RedisCacheStats stats() {
        return stats.snapshot();
    }

    /** Validates every name before anything touches Redis, so that a bad tag cannot leave a lease behind. */
    private Fill plan(String key, long valueTtlMillis, long maxValueTtlMillis, Set<String> tags,
            Set<String> dependsOn) {
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(dependsOn, "dependsOn");
        String leaseKey = layout.leaseKey(key);
        List<String> sets = new ArrayList<>(tags.size() + dependsOn.size());
        for (String tag : tags) {
            sets.add(layout.tagSetKey(tag));
        }
        for (String parent : dependsOn) {
            sets.add(layout.dependentsKey(parent));
        }
        return new Fill(key, leaseKey, valueTtlMillis, maxValueTtlMillis, sets);
    }

    /** The key's value if it has one by now, else whether we took its lease. */
    private Attempt tryLease(Fill fill, String token) {
        Object answer = redis("take the lease " + fill.leaseKey() + " of", fill.key(),
                () -> redis.eval(bytes(Scripts.TAKE_LEASE), List.of(bytes(fill.key()), bytes(fill.leaseKey())),
                        List.of(bytes(token), bytes(Long.toString(leaseTtl.toMillis())))));
        List<?> reply = (List<?>) answer;
        long outcome = (Long) reply.get(0);
        if (outcome == 1L) {
            return new Attempt((byte[]) reply.get(1), false);
        }
        return new Attempt(null, outcome == 2L);
    }

    private V loadAndFill(Fill fill, String token, Function<String, ? extends V> loader) {
        V value;
        byte[] encoded;
        try {
            stats.load();
            value = loader.apply(fill.key());
            if (value == null) {
                release(fill, token);
                return null;
            }
            encoded = encode(fill.key(), value);
            // Memberships before the value: a membership without a value is harmless, a value without its
            // membership would survive the invalidation of its tag or parent.
            long setTtl = fill.maxValueTtlMillis() + leaseTtl.toMillis();
            for (String set : fill.sets()) {
                redis("register key in " + set + " for", fill.key(), () -> redis.eval(Scripts.REGISTER,
                        List.of(set), List.of(fill.key(), Long.toString(setTtl))));
            }
        } catch (RuntimeException | Error e) {
            releaseAfter(e, fill, token);
            throw e;
        }
        Object stored;
        try {
            stored = redis("fill", fill.key(), () -> redis.eval(bytes(Scripts.FILL),
                    List.of(bytes(fill.key()), bytes(fill.leaseKey())),
                    List.of(bytes(token), encoded, bytes(Long.toString(fill.valueTtlMillis())))));
        } catch (RuntimeException e) {
            // The fill may not have run: give the lease back, so that other readers need not wait out its TTL.
            releaseAfter(e, fill, token);
            throw e;
        }
        if (Long.valueOf(1L).equals(stored)) {
            stats.fillStored();
        } else {
            stats.fillRejected();
        }
        return value;
    }

    /**
     * Another reader holds the lease: its value is probably on the way. Poll for it, and take the lease if it goes
     * without a value (that reader failed, or an invalidation removed it); at the end of the wait, load without
     * storing.
     */
    private V awaitOtherReader(Fill fill, String token, Function<String, ? extends V> loader) {
        stats.leaseWait();
        long deadline = System.nanoTime() + maxLeaseWait.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            sleep(Math.min(remaining, leasePollInterval.toNanos()), fill.key());
            Attempt attempt = tryLease(fill, token);
            if (attempt.value() != null) {
                stats.hit();
                return decode(fill.key(), attempt.value());
            }
            if (attempt.leased()) {
                return loadAndFill(fill, token, loader);
            }
        }
        stats.readThrough();
        stats.load();
        return loader.apply(fill.key());
    }

    private void release(Fill fill, String token) {
        redis("give up the lease " + fill.leaseKey() + " of", fill.key(),
                () -> redis.eval(Scripts.RELEASE, List.of(fill.leaseKey()), List.of(token)));
    }

    /** Gives the lease up after a failure, so that other readers need not wait for its TTL; keeps the failure. */
    private void releaseAfter(Throwable failure, Fill fill, String token) {
        try {
            release(fill, token);
        } catch (RuntimeException releaseFailure) {
            failure.addSuppressed(releaseFailure);
        }
    }

    private long jittered(long ttlMillis) {
        long extra = (long) (ThreadLocalRandom.current().nextDouble() * ttlJitter * ttlMillis);
        return ttlMillis + extra;
    }

    private long maxValueTtl(long ttlMillis) {
        return ttlMillis + (long) Math.ceil(ttlJitter * ttlMillis);
    }

    private V decode(String key, byte[] stored) {
        try {
            return codec.decode(stored);
        } catch (RuntimeException e) {
            throw new RedisCacheException("could not decode the value stored at key '" + key + "'", e);
        }
    }

    private byte[] encode(String key, V value) {
        byte[] encoded;
        try {
            encoded = codec.encode(value);
        } catch (RuntimeException e) {
            throw new RedisCacheException("could not encode the value loaded for key '" + key + "'", e);
        }
        if (encoded == null) {
            throw new RedisCacheException("the codec encoded the value loaded for key '" + key + "' as null", null);
        }
        return encoded;
    }

    private static <T> T redis(String step, String key, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new RedisCacheException("Redis failed to " + step + " key '" + key + "': " + e.getMessage(), e);
        }
    }

    private static void sleep(long nanos, String key) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCacheException("interrupted while waiting for another reader's value of key '" + key
                    + "'", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One getOrLoad's names, checked: the key, its lease, the TTL drawn for its value, the longest TTL any value of
     * it can get (the sets outlive it), the sets to register it in.
     */
    private record Fill(String key, String leaseKey, long valueTtlMillis, long maxValueTtlMillis, List<String> sets) {
    }

    /** What one try for the lease found: the key's value, or none and whether the lease is now ours. */
    private record Attempt(byte[] value, boolean leased) {
    }

    /** Configures a {@link RedisCache}; only {@link #redis} is required. */
    public static final class Builder {

        private UnifiedJedis redis;
        private RedisKeyLayout layout = new RedisKeyLayout();
        private Duration leaseTtl = Duration.ofSeconds(5);
        private Duration maxLeaseWait = Duration.ofMillis(200);
        private Duration leasePollInterval = Duration.ofMillis(20);
        private double ttlJitter = 0.1;
        private TtlPolicy ttlPolicy;

        private Builder() {
        }

        /** A {@code RedisClient} or {@code RedisClusterClient}; the cache uses it and does not close it. */
        public Builder redis(UnifiedJedis redis) {
            this.redis = Objects.requireNonNull(redis, "redis");
            return this;
        }

        /** The layout the invalidator service uses; default {@code new RedisKeyLayout()} (namespace {@code inv:}). */
        public Builder layout(RedisKeyLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /**
         * How long a reader's lease lives, default 5 s: longer than a load takes (a fill after it expired is not
         * stored), short enough that a crashed reader does not hold off other fills of the key for long.
         */
        public Builder leaseTtl(Duration leaseTtl) {
            requirePositive(leaseTtl, "leaseTtl");
            this.leaseTtl = leaseTtl;
            return this;
        }

        /**
         * How long a miss that finds another reader's lease waits for that reader's value (default 200 ms), polling
         * every {@code pollInterval} (default 20 ms), before it loads without storing. A zero wait reads through at
         * once.
         */
        public Builder leaseWait(Duration maxWait, Duration pollInterval) {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("leaseWait maxWait must not be negative, was " + maxWait);
            }
            requirePositive(pollInterval, "leaseWait pollInterval");
            this.maxLeaseWait = maxWait;
            this.leasePollInterval = pollInterval;
            return this;
        }

        /**
         * The share of a TTL added at random to each stored value's TTL, in [0, 1], default 0.1: with 0.1 a value
         * given 10 min lives between 10 and 11 min.
         */
        public Builder ttlJitter(double ttlJitter) {
            if (!(ttlJitter >= 0 && ttlJitter <= 1)) {
                throw new IllegalArgumentException("ttlJitter must be in [0, 1], was " + ttlJitter);
            }
            this.ttlJitter = ttlJitter;
            return this;
        }

        /**
         * Decides the TTL, by key category and with the policy's jitter, when {@code getOrLoad} is called without
         * one. Calls that give a TTL keep it, jittered by {@link #ttlJitter}.
         */
        public Builder ttlPolicy(TtlPolicy ttlPolicy) {
            this.ttlPolicy = Objects.requireNonNull(ttlPolicy, "ttlPolicy");
            return this;
        }

        public <V> RedisCache<V> build(ValueCodec<V> codec) {
            Objects.requireNonNull(codec, "codec");
            if (redis == null) {
                throw new IllegalStateException("a RedisCache needs a Redis client: call redis(...) before build");
            }
            return new RedisCache<>(this, codec);
        }

        private static void requirePositive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.toMillis() < 1) {
                throw new IllegalArgumentException(what + " must be at least 1 ms, was " + duration);
            }
        }
    }
}
