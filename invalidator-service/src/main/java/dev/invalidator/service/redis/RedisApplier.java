package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Applies invalidations to Redis, standalone or a Redis Cluster: keys, patterns, tags, versioned keys and cascades
 * through the layout of {@link RedisKeyLayout}, every removal batched. Versioned keys and generation-based tags
 * ({@link TagGenerations}) are invalidated by incrementing their counters, never by deleting. Every step is idempotent, so work that failed half-way is retried
 * whole.
 *
 * <p>On a cluster, keys are unlinked in one command per hash slot (each with its lease, which shares its slot),
 * pipelined per node; patterns are scanned on every master; tag sets and dependents sets, which may be in any slot,
 * are read and trimmed with single-key commands on their own nodes.
 *
 * <p>Thread-safe: every round trip borrows its own connections from the client's pools.
 */
public final class RedisApplier implements AutoCloseable {

    /** Cache keys per UNLINK: large enough that 100,000 keys take 100 commands, small enough not to stall Redis. */
    static final int UNLINK_CHUNK = 1_000;
    /** SCAN's and SSCAN's COUNT hint: entries read per round trip from the keyspace, a tag or a dependents set. */
    static final int SCAN_COUNT = 5_000;
    private static final int TIMEOUT_MILLIS = 2_000;
    /** Epochs stay below 2^53, where Lua's numbers are exact. */
    private static final String NEXT_EPOCH = """
            local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
            local epoch = math.max(tonumber(ARGV[1]), stored + 1)
            redis.call('SET', KEYS[1], string.format('%d', epoch))
            return epoch
            """;

    private final RedisConnection connection;
    private final RedisNodes nodes;
    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final PatternRemover patterns;
    private final TagRemover tags;
    private final CascadeWalker cascade;
    private final Previewer previewer;
    private final CounterBumper counters;
    private final RefreshWriter refreshes;
    private final TagGenerations generations;

    private RedisApplier(RedisConnection connection, RedisNodes nodes, RedisKeyLayout layout, CascadeLimits limits,
                         PatternBudget budget, TagGenerations generations) {
        this.connection = connection;
        this.nodes = nodes;
        this.layout = layout;
        this.unlinker = new KeyUnlinker(layout, nodes, UNLINK_CHUNK);
        this.patterns = new PatternRemover(layout, unlinker, budget, SCAN_COUNT);
        this.tags = new TagRemover(layout, unlinker, SCAN_COUNT);
        this.cascade = new CascadeWalker(layout, unlinker, limits, SCAN_COUNT);
        this.previewer = new Previewer(layout, cascade, budget, SCAN_COUNT, UNLINK_CHUNK);
        this.counters = new CounterBumper(layout);
        this.refreshes = new RefreshWriter(layout);
        this.generations = generations;
    }

    /** An applier for the standalone Redis at {@code endpoint}, without authentication or TLS. */
    public static RedisApplier connect(RedisEndpoint endpoint, RedisKeyLayout layout, CascadeLimits limits,
                                       PatternBudget budget) {
        return connect(RedisConnection.standalone(endpoint), layout, limits, budget);
    }

    /**
     * An applier for the standalone Redis or the Redis Cluster {@code connection} names. Connections are opened on
     * first use, so that a Redis that is down now is reported by {@link #apply} and waited for like any outage.
     */
    public static RedisApplier connect(RedisConnection connection, RedisKeyLayout layout, CascadeLimits limits,
                                       PatternBudget budget) {
        return connect(connection, layout, limits, budget, TagGenerations.none());
    }

    /**
     * As {@link #connect(RedisConnection, RedisKeyLayout, CascadeLimits, PatternBudget)}, with the tags whose
     * invalidation bumps a generation instead of removing the members of their sets.
     */
    public static RedisApplier connect(RedisConnection connection, RedisKeyLayout layout, CascadeLimits limits,
                                       PatternBudget budget, TagGenerations generations) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(generations, "generations");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(budget, "budget");
        RedisNodes nodes = connection.cluster()
                ? new ClusterNodes(connection, TIMEOUT_MILLIS)
                : new StandaloneNodes(connection, TIMEOUT_MILLIS);
        return new RedisApplier(connection, nodes, layout, limits, budget, generations);
    }

    /** The key layout this applier removes by; keys inside its namespace are never cache keys. */
    public RedisKeyLayout layout() {
        return layout;
    }

    /** The Redis this applier talks to. */
    public RedisConnection connection() {
        return connection;
    }

    /** Which tags this applier invalidates by generation. */
    public TagGenerations tagGenerations() {
        return generations;
    }

    /**
     * Removes the work's keys, the keys matching its patterns and the members of its set-based tags, each with its
     * lease marker, then, when the work cascades, their dependents; increments the version counters of its versioned
     * keys and the generations of its generation-based tags; writes or removes its refreshed keys where their stored
     * source position is not newer. A cascade does not start from versioned keys or generation-based tags: nothing
     * of theirs is removed, and their members are not known. It does start from refreshed keys.
     *
     * @throws IllegalArgumentException   when a key is in the invalidator's namespace: removing it could delete a
     *                                    lease, a tag set or an epoch counter
     * @throws RedisUnavailableException  when Redis cannot be reached, the connection breaks, the credentials are
     *                                    refused or a cluster's slots are moving
     */
    public ApplyResult apply(RedisWork work) {
        requireCacheKeys(work);
        return unlessUnavailable(() -> {
            Tally tally = new Tally();
            List<String> removed = new ArrayList<>(work.keys());
            if (!work.keys().isEmpty()) {
                removeKeys(work.keys(), tally);
            }
            for (String pattern : work.patterns()) {
                patterns.remove(nodes, pattern, tally, work.cascade() ? removed::addAll : batch -> { });
            }
            List<String> generationTags = new ArrayList<>();
            for (String tag : work.tags()) {
                if (generations.isGenerationBased(tag)) {
                    generationTags.add(tag);
                } else {
                    tags.remove(nodes, tag, tally, work.cascade() ? removed::addAll : batch -> { });
                }
            }
            counters.bump(nodes, work.versions(), generationTags, tally);
            // After the removals: a key both removed and refreshed in one batch ends with the refreshed value.
            refreshes.write(nodes, work.refreshes(), tally);
            if (work.cascade()) {
                work.refreshes().forEach(refresh -> removed.add(refresh.key()));
                cascade.walk(nodes, removed, tally);
            }
            return tally.result();
        });
    }

    /**
     * What {@link #apply} would remove now, found with read-only commands: nothing is removed or changed. Between
     * the preview and an apply, clients may of course write or expire keys. Generation-based tags and versioned keys
     * are left out: an apply increments their counters and removes nothing.
     *
     * @param sampleLimit how many keys to list per pattern, tag and cascade at most
     * @throws IllegalArgumentException   as {@link #apply} does, or when {@code sampleLimit} is negative
     * @throws RedisUnavailableException  as {@link #apply} does
     */
    public Preview preview(RedisWork work, int sampleLimit) {
        if (sampleLimit < 0) {
            throw new IllegalArgumentException("sampleLimit must not be negative, was " + sampleLimit);
        }
        requireCacheKeys(work);
        // A generation-based tag has no members to count: an apply increments its generation.
        Set<String> setTags = new LinkedHashSet<>();
        work.tags().stream().filter(tag -> !generations.isGenerationBased(tag)).forEach(setTags::add);
        RedisWork counted = new RedisWork(work.keys(), work.patterns(), setTags, work.versions(), work.cascade());
        return unlessUnavailable(() -> previewer.preview(nodes, counted, sampleLimit));
    }

    /**
     * A new client to the same Redis or Redis Cluster, with the same settings, for the caller to use and close: the
     * broadcast's Pub/Sub publisher has one of its own.
     */
    public UnifiedJedis openClient() {
        DefaultJedisClientConfig config = connection.clientConfig(TIMEOUT_MILLIS);
        if (connection.cluster()) {
            Set<HostAndPort> seeds = new LinkedHashSet<>();
            connection.nodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
            return RedisClusterClient.builder().nodes(seeds).clientConfig(config).build();
        }
        RedisEndpoint endpoint = connection.endpoint();
        return RedisClient.builder().hostAndPort(new HostAndPort(endpoint.host(), endpoint.port()))
                .clientConfig(config).build();
    }

    /**
     * Takes the publisher's next broadcast epoch, greater than any run of that publisher took before: the later of
     * {@code nowMillis} and one more than the epoch stored under {@link RedisKeyLayout#publisherEpochKey}, stored
     * back. The stored value keeps epochs growing when the clock steps back; the clock keeps them growing when Redis
     * lost the counter (a flush, a failover without persistence).
     *
     * @throws RedisUnavailableException when Redis cannot be reached
     */
    public long nextEpoch(String publisherId, long nowMillis) {
        String key = layout.publisherEpochKey(publisherId);
        return unlessUnavailable(() -> {
            try (UnifiedJedis client = openClient()) {
                Object epoch = client.eval(NEXT_EPOCH, List.of(key), List.of(Long.toString(nowMillis)));
                return (Long) epoch;
            }
        });
    }

    private void requireCacheKeys(RedisWork work) {
        for (String key : work.keys()) {
            layout.dependentsKey(key); // rejects empty keys and keys in the namespace, naming them
        }
        for (String key : work.versions()) {
            layout.versionKey(key); // also rejects keys with '}' but no hash tag: their counter has no slot to go to
        }
        for (Refresh refresh : work.refreshes()) {
            layout.refreshPositionKey(refresh.key()); // as for versions: the position must share the key's slot
        }
    }

    private <T> T unlessUnavailable(Supplier<T> step) {
        try {
            return step.get();
        } catch (JedisException e) {
            if (!Unavailability.isUnavailability(e)) {
                throw e;
            }
            try {
                nodes.failed();
            } catch (JedisException refreshFailed) {
                e.addSuppressed(refreshFailed);
            }
            throw new RedisUnavailableException(connection, e);
        }
    }

    private void removeKeys(Collection<String> keys, Tally tally) {
        KeyUnlinker.Pending unlinked;
        try (RoundTrip trip = nodes.roundTrip()) {
            unlinked = unlinker.queue(trip, keys);
            tally.roundTrips(trip.sync());
        }
        tally.keysUnlinked(unlinked.get());
    }

    @Override
    public void close() {
        nodes.close();
    }
}
