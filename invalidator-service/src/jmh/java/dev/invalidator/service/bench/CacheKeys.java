package dev.invalidator.service.bench;

import dev.invalidator.service.redis.RedisEndpoint;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The cache keys the benchmark's events invalidate: set before a phase that removes them, counted after it, and every
 * key of the run removed at the end. One connection, pipelined.
 */
final class CacheKeys implements AutoCloseable {

    private static final int CHUNK = 1_000;

    private final BenchNames names;
    private final Jedis redis;

    CacheKeys(RedisEndpoint endpoint, BenchNames names) {
        this.names = names;
        this.redis = connect(endpoint);
    }

    /** One connection to the Redis at {@code endpoint}, as the service's applier talks to it (RESP2). */
    static Jedis connect(RedisEndpoint endpoint) {
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()),
                DefaultJedisClientConfig.builder().serverDefaultProtocol().build());
    }

    /** Sets the keys of rows {@code 0 .. count-1}. */
    void set(int count) {
        Pipeline pipeline = redis.pipelined();
        for (int id = 0; id < count; id++) {
            pipeline.set(names.cacheKey(id), "cached row " + id);
            if (id % CHUNK == CHUNK - 1) {
                pipeline.sync();
            }
        }
        pipeline.sync();
    }

    /** How many of the keys of rows {@code 0 .. count-1} exist. */
    long present(int count) {
        Pipeline pipeline = redis.pipelined();
        List<Response<Long>> counts = new ArrayList<>();
        for (int from = 0; from < count; from += CHUNK) {
            String[] keys = new String[Math.min(CHUNK, count - from)];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = names.cacheKey(from + i);
            }
            counts.add(pipeline.exists(keys));
        }
        pipeline.sync();
        return counts.stream().mapToLong(Response::get).sum();
    }

    /** Removes every key of the run: cache keys and anything the service kept in its namespace. */
    long removeAll() {
        return removeMatching(names.keyPrefix() + "*") + removeMatching(names.namespace() + "*");
    }

    private long removeMatching(String pattern) {
        ScanParams params = new ScanParams().match(pattern).count(CHUNK);
        String cursor = ScanParams.SCAN_POINTER_START;
        long removed = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                removed += redis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return removed;
    }

    @Override
    public void close() {
        redis.close();
    }
}
