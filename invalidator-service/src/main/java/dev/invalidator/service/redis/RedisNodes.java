package dev.invalidator.service.redis;

import java.util.Collection;
import java.util.List;
import redis.clients.jedis.HostAndPort;

/**
 * The Redis an applier talks to: one standalone server, or the masters of a Redis Cluster. The removers and the
 * preview see only this, so that they work alike on both.
 */
interface RedisNodes extends AutoCloseable {

    /** The commands of one round trip; each keyed command goes to the node that serves its key. */
    RoundTrip roundTrip();

    /** The nodes that each hold a part of the keyspace (a standalone server holds all of it): SCAN is per node. */
    List<HostAndPort> masters();

    /** {@code keys} cut into chunks that one multi-key command or script may name together. */
    List<List<String>> chunks(Collection<String> keys, int chunkSize);

    /** Told after a failure, so that the retry finds the nodes as they are now. */
    void failed();

    @Override
    void close();
}
