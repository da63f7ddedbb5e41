package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Applies invalidations to a standalone Redis: keys, tags and cascades through the layout of
 * {@link RedisKeyLayout}, every removal batched. Every step is idempotent, so work that failed half-way is retried
 * whole.
 *
 * <p>Thread-safe: each apply borrows its own connection from a pool.
 */
public final class RedisApplier implements AutoCloseable {

    /** Cache keys per UNLINK: large enough that 100,000 keys take 100 commands, small enough not to stall Redis. */
    static final int UNLINK_CHUNK = 1_000;
    /** SSCAN's COUNT hint: members read per round trip from a tag or dependents set. */
    static final int SCAN_COUNT = 5_000;
    private static final int TIMEOUT_MILLIS = 2_000;

    private final RedisEndpoint endpoint;
    private final JedisPool pool;
    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final TagRemover tags;
    private final CascadeWalker cascade;

    private RedisApplier(RedisEndpoint endpoint, JedisPool pool, RedisKeyLayout layout, CascadeLimits limits) {
        this.endpoint = endpoint;
        this.pool = pool;
        this.layout = layout;
        this.unlinker = new KeyUnlinker(layout, UNLINK_CHUNK);
        this.tags = new TagRemover(layout, unlinker, SCAN_COUNT);
        this.cascade = new CascadeWalker(layout, unlinker, limits, SCAN_COUNT);
    }

    /** An applier for the Redis at {@code endpoint}; connections are opened on first use. */
    public static RedisApplier connect(RedisEndpoint endpoint, RedisKeyLayout layout, CascadeLimits limits) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(limits, "limits");
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .build();
        JedisPool pool = new JedisPool(new HostAndPort(endpoint.host(), endpoint.port()), config);
        return new RedisApplier(endpoint, pool, layout, limits);
    }

    /**
     * Removes the work's keys and the members of its tags, each with its lease marker, then, when the work cascades,
     * their dependents.
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
        try (Jedis jedis = pool.getResource()) {
            List<String> removed = new ArrayList<>(work.keys());
            if (!work.keys().isEmpty()) {
                removeKeys(jedis, work.keys(), tally);
            }
            for (String tag : work.tags()) {
                tags.remove(jedis, tag, tally, work.cascade() ? removed::addAll : batch -> { });
            }
            if (work.cascade()) {
                cascade.walk(jedis, removed, tally);
            }
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException(endpoint, e);
        }
        return tally.result();
    }

    private void removeKeys(Jedis jedis, Collection<String> keys, Tally tally) {
        KeyUnlinker.Pending unlinked;
        try (Pipeline pipeline = jedis.pipelined()) {
            unlinked = unlinker.queue(pipeline, keys);
            pipeline.sync();
        }
        tally.roundTrip();
        tally.keysUnlinked(unlinked.get());
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        pool.close();
    }
}
