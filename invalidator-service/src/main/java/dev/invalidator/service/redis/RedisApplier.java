package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Applies invalidations to a standalone Redis: keys, tags and cascades through the layout of
 * {@link RedisKeyLayout}, every removal batched. Every step is idempotent, so work that failed half-way is retried
 * whole.
 *
 * <p>Thread-safe: every pipeline borrows its own connection from the client's pool.
 */
public final class RedisApplier implements AutoCloseable {

    /** Cache keys per UNLINK: large enough that 100,000 keys take 100 commands, small enough not to stall Redis. */
    static final int UNLINK_CHUNK = 1_000;
    /** SCAN's and SSCAN's COUNT hint: entries read per round trip from the keyspace, a tag or a dependents set. */
    static final int SCAN_COUNT = 5_000;
    private static final int TIMEOUT_MILLIS = 2_000;

    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final PatternRemover patterns;
    private final TagRemover tags;
    private final CascadeWalker cascade;

    private RedisApplier(RedisEndpoint endpoint, RedisClient client, RedisKeyLayout layout, CascadeLimits limits,
                         PatternBudget budget) {
        this.endpoint = endpoint;
        this.client = client;
        this.layout = layout;
        this.unlinker = new KeyUnlinker(layout, UNLINK_CHUNK);
        this.patterns = new PatternRemover(layout, unlinker, budget, SCAN_COUNT);
        this.tags = new TagRemover(layout, unlinker, SCAN_COUNT);
        this.cascade = new CascadeWalker(layout, unlinker, limits, SCAN_COUNT);
    }

    /** The key layout this applier removes by; keys inside its namespace are never cache keys. */
    public RedisKeyLayout layout() {
        return layout;
    }

    /** An applier for the Redis at {@code endpoint}; connections are opened on first use. */
    public static RedisApplier connect(RedisEndpoint endpoint, RedisKeyLayout layout, CascadeLimits limits,
                                       PatternBudget budget) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(budget, "budget");
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(endpoint.host(), endpoint.port()))
                .clientConfig(clientConfig())
                .build();
        return new RedisApplier(endpoint, client, layout, limits, budget);
    }

    /**
     * Removes the work's keys, the keys matching its patterns and the members of its tags, each with its lease marker,
     * then, when the work cascades, their dependents.
     *
     * @throws IllegalArgumentException   when a key is in the invalidator's namespace: removing it could delete a
     *                                    lease, a tag set or an epoch counter
     * @throws RedisUnavailableException  when Redis cannot be reached or the connection breaks
     */
    public ApplyResult apply(RedisWork work) {
        for (String key : work.keys()) {
            layout.dependentsKey(key); // rejects empty keys and keys in the namespace, naming them
        }
        Tally tally = new Tally();
        // Every step talks to Redis in pipelines, each on a pooled connection for its one round trip.
        Supplier<Pipeline> pipelines = client::pipelined;
        try {
            List<String> removed = new ArrayList<>(work.keys());
            if (!work.keys().isEmpty()) {
                removeKeys(pipelines, work.keys(), tally);
            }
            for (String pattern : work.patterns()) {
                patterns.remove(pipelines, pattern, tally, work.cascade() ? removed::addAll : batch -> { });
            }
            for (String tag : work.tags()) {
                tags.remove(pipelines, tag, tally, work.cascade() ? removed::addAll : batch -> { });
            }
            if (work.cascade()) {
                cascade.walk(pipelines, removed, tally);
            }
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException(endpoint, e);
        }
        return tally.result();
    }

    private static DefaultJedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                // RESP2, Redis's default: the replies read here (script results as lists) have the same shape on
                // every Redis version, and Jedis stops warning that it cannot negotiate RESP3.
                .serverDefaultProtocol()
                .build();
    }

    private void removeKeys(Supplier<Pipeline> pipelines, Collection<String> keys, Tally tally) {
        KeyUnlinker.Pending unlinked;
        try (Pipeline pipeline = pipelines.get()) {
            unlinked = unlinker.queue(pipeline, keys);
            pipeline.sync();
        }
        tally.roundTrip();
        tally.keysUnlinked(unlinked.get());
    }

    /** A new client to the same Redis, with the same settings, for the caller to use and close (Pub/Sub). */
    public UnifiedJedis openClient() {
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(endpoint.host(), endpoint.port()))
                .clientConfig(clientConfig())
                .build();
    }

    /**
     * Takes the publisher's next broadcast epoch: one more than any run of that publisher took before, kept in Redis
     * under {@link RedisKeyLayout#publisherEpochKey}.
     *
     * @throws RedisUnavailableException when Redis cannot be reached
     */
    public long nextEpoch(String publisherId) {
        try {
            return client.incr(layout.publisherEpochKey(publisherId));
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException(endpoint, e);
        }
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        client.close();
    }
}
