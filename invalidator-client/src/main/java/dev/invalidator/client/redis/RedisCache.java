package dev.invalidator.client.redis;

import dev.invalidator.client.nearcache.RedisGlob;
import dev.invalidator.client.nearcache.TtlPolicy;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p><b>Versioned keys</b> ({@link Builder#versioned}): the service invalidates them by incrementing a version
 * counter instead of deleting. The cache reads the counter first and stores and reads the value under
 * {@code <key>@v<version>} ({@link RedisKeyLayout#versionedValueKey}), so a bump makes every older copy unreachable at
 * once. A fill checks, with its lease, that the version has not moved on since it read it: a value loaded under
 * version n is never stored as current after a bump to n+1. Versioned keys take no dependencies and only
 * generation-based tags: a tag set or a cascade would remove the stored copy without its key's lease.
 *
 * <p><b>Generation-based tags</b> ({@link Builder#tagGenerations}, the service's {@code tags.generation-prefixes}):
 * the service invalidates such a tag by incrementing its generation. The cache reads the generations of an entry's
 * tags before it reads or loads, records them with the value in one script, and treats an entry recorded under an
 * older generation as a miss. Tags are therefore passed on every call, reads included.
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
    private final List<RedisGlob> versioned;
    private final TagGenerations tagGenerations;
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
        this.versioned = List.copyOf(builder.versioned);
        this.tagGenerations = builder.tagGenerations;
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
     *                                  tag), the TTL is not positive, or a versioned key is given dependencies or
     *                                  tags that are not generation-based
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

    private V getOrLoad(Function<String, ? extends V> loader, Names names) {
        Objects.requireNonNull(loader, "loader");
        Fill fill = current(names);
        String key = fill.key();
        byte[] cached = read(fill);
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
    private Names plan(String key, long valueTtlMillis, long maxValueTtlMillis, Set<String> tags,
            Set<String> dependsOn) {
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(dependsOn, "dependsOn");
        String leaseKey = layout.leaseKey(key);
        boolean isVersioned = isVersioned(key);
        if (isVersioned) {
            layout.versionedValueKey(key, 0); // rejects keys that cannot be versioned, saying why
        }
        List<String> sets = new ArrayList<>(tags.size() + dependsOn.size());
        List<String> generationTags = new ArrayList<>();
        for (String tag : tags) {
            if (tagGenerations.isGenerationBased(tag)) {
                layout.tagGenerationKey(tag);
                generationTags.add(tag);
            } else if (isVersioned) {
                throw new IllegalArgumentException("versioned key '" + key + "' cannot have tag '" + tag + "': a "
                        + "tag set would remove the stored copy without the key's lease; give it generation-based "
                        + "tags only");
            } else {
                sets.add(layout.tagSetKey(tag));
            }
        }
        if (isVersioned && !dependsOn.isEmpty()) {
            throw new IllegalArgumentException("versioned key '" + key + "' cannot depend on other keys: a cascade "
                    + "would remove the stored copy without the key's lease; version the parents' changes instead");
        }
        for (String parent : dependsOn) {
            sets.add(layout.dependentsKey(parent));
        }
        return new Names(key, leaseKey, isVersioned, generationTags, valueTtlMillis, maxValueTtlMillis, sets);
    }

    private boolean isVersioned(String key) {
        for (RedisGlob glob : versioned) {
            if (glob.matches(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names and counters this getOrLoad works with: the key's current version and its tags' current
     * generations, read before anything else, so before any load.
     */
    private Fill current(Names names) {
        String key = names.key();
        String storedKey = key;
        String version = "";
        if (names.versioned()) {
            String counter = layout.versionKey(key);
            version = counterValue(redis("read the version " + counter + " of", key, () -> redis.get(counter)));
            storedKey = layout.versionedValueKey(key, Long.parseLong(version));
        }
        List<String> generations = new ArrayList<>(names.generationTags().size() * 2);
        for (String tag : names.generationTags()) {
            String counter = layout.tagGenerationKey(tag);
            generations.add(tag);
            generations.add(counterValue(redis("read the generation " + counter + " for", key,
                    () -> redis.get(counter))));
        }
        boolean checked = names.versioned() || !generations.isEmpty();
        return new Fill(key, storedKey, names.leaseKey(), checked ? layout.versionKey(key) : null, version,
                checked ? layout.generationsKey(storedKey) : null, generations, names.valueTtlMillis(),
                names.maxValueTtlMillis(), names.sets());
    }

    /** A counter as stored: missing is 0; anything but a whole number is a broken layout, reported. */
    private static String counterValue(String stored) {
        if (stored == null) {
            return "0";
        }
        try {
            return Long.toString(Long.parseLong(stored));
        } catch (NumberFormatException e) {
            throw new RedisCacheException("a version or generation counter holds '" + stored + "', not a number", e);
        }
    }

    /** The stored value, if there is one that is current. */
    private byte[] read(Fill fill) {
        if (fill.generations().isEmpty()) {
            return redis("read", fill.key(), () -> redis.get(bytes(fill.storedKey())));
        }
        List<byte[]> args = fill.generations().stream().map(RedisCache::bytes).toList();
        return (byte[]) redis("read", fill.key(), () -> redis.eval(bytes(Scripts.READ_FRESH),
                List.of(bytes(fill.storedKey()), bytes(fill.generationsKey())), args));
    }

    /** The key's value if it has one by now, else whether we took its lease. */
    private Attempt tryLease(Fill fill, String token) {
        Object answer;
        if (fill.generations().isEmpty()) {
            answer = redis("take the lease " + fill.leaseKey() + " of", fill.key(),
                    () -> redis.eval(bytes(Scripts.TAKE_LEASE),
                            List.of(bytes(fill.storedKey()), bytes(fill.leaseKey())),
                            List.of(bytes(token), bytes(Long.toString(leaseTtl.toMillis())))));
        } else {
            List<byte[]> args = new ArrayList<>();
            args.add(bytes(token));
            args.add(bytes(Long.toString(leaseTtl.toMillis())));
            fill.generations().forEach(value -> args.add(bytes(value)));
            answer = redis("take the lease " + fill.leaseKey() + " of", fill.key(),
                    () -> redis.eval(bytes(Scripts.TAKE_LEASE_FRESH), List.of(bytes(fill.storedKey()),
                            bytes(fill.leaseKey()), bytes(fill.generationsKey())), args));
        }
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
                        List.of(set), List.of(fill.storedKey(), Long.toString(setTtl))));
            }
        } catch (RuntimeException | Error e) {
            releaseAfter(e, fill, token);
            throw e;
        }
        Object stored;
        try {
            stored = store(fill, token, encoded);
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

    private Object store(Fill fill, String token, byte[] encoded) {
        byte[] ttl = bytes(Long.toString(fill.valueTtlMillis()));
        if (fill.versionKey() == null) {
            return redis("fill", fill.key(), () -> redis.eval(bytes(Scripts.FILL),
                    List.of(bytes(fill.storedKey()), bytes(fill.leaseKey())), List.of(bytes(token), encoded, ttl)));
        }
        List<byte[]> args = new ArrayList<>(Arrays.asList(bytes(token), encoded, ttl, bytes(fill.version())));
        fill.generations().forEach(value -> args.add(bytes(value)));
        return redis("fill", fill.key(), () -> redis.eval(bytes(Scripts.FILL_CHECKED), List.of(
                bytes(fill.storedKey()), bytes(fill.leaseKey()), bytes(fill.versionKey()),
                bytes(fill.generationsKey())), args));
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
     * One getOrLoad's names, checked: the key, its lease, whether it is versioned, its generation-based tags, the
     * TTL drawn for its value, the longest TTL any value of it can get (the sets outlive it), the sets to register
     * it in.
     */
    private record Names(String key, String leaseKey, boolean versioned, List<String> generationTags,
            long valueTtlMillis, long maxValueTtlMillis, List<String> sets) {
    }

    /**
     * One getOrLoad's names with the counters read for it: where the value is stored (the key, or its name under
     * the current version), the version counter and recorded-generations hash (null when the key is neither
     * versioned nor has generation-based tags), the version read ('' when not versioned), and pairs of tag and
     * generation read.
     */
    private record Fill(String key, String storedKey, String leaseKey, String versionKey, String version,
            String generationsKey, List<String> generations, long valueTtlMillis, long maxValueTtlMillis,
            List<String> sets) {
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
        private final List<RedisGlob> versioned = new ArrayList<>();
        private TagGenerations tagGenerations = TagGenerations.none();

        private Builder() {
        }

        /**
         * Declares the keys matching these Redis globs (e.g. {@code user:*}) versioned: the service invalidates them
         * with {@code versions} targets, by bumping a counter, and this cache stores and reads them under their
         * current version. Rules and requests must name such keys in {@code versions}, not {@code keys}.
         */
        public Builder versioned(String... patterns) {
            for (String pattern : patterns) {
                Objects.requireNonNull(pattern, "pattern");
                if (pattern.isEmpty()) {
                    throw new IllegalArgumentException("a versioned key pattern must not be empty");
                }
                versioned.add(RedisGlob.compile(pattern));
            }
            return this;
        }

        /**
         * The generation-based tag namespaces: the same list as the service's {@code tags.generation-prefixes}. Tags
         * outside them keep their sets.
         */
        public Builder tagGenerations(TagGenerations tagGenerations) {
            this.tagGenerations = Objects.requireNonNull(tagGenerations, "tagGenerations");
            return this;
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
