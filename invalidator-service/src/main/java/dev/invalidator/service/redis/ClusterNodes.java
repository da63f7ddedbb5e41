package dev.invalidator.service.redis;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The masters of a Redis Cluster, found through the seed nodes. Jedis's {@link RedisClusterClient} owns the
 * connection pools and the slot map; this class keeps the {@link ClusterConnectionProvider} the client is built on,
 * because routing a pipeline per node needs the slot map and the list of masters, which the client does not show.
 *
 * <p>The cluster is first contacted on first use, not when the applier is made, so that a cluster that is down
 * when the service starts is waited for like any later outage.
 */
final class ClusterNodes implements RedisNodes {

    private final Set<HostAndPort> seeds = new LinkedHashSet<>();
    private final DefaultJedisClientConfig config;
    // Both set together, once, on first use.
    private ClusterConnectionProvider provider;
    private RedisClusterClient client;
    private boolean closed;

    ClusterNodes(RedisConnection connection, int timeoutMillis) {
        for (RedisEndpoint seed : connection.nodes()) {
            seeds.add(new HostAndPort(seed.host(), seed.port()));
        }
        this.config = connection.clientConfig(timeoutMillis);
    }

    /** @throws JedisClusterOperationException when no seed node answers with the cluster's slot map */
    private synchronized ClusterConnectionProvider provider() {
        if (closed) {
            throw new IllegalStateException("the Redis applier is closed");
        }
        if (provider == null) {
            ClusterConnectionProvider created = new ClusterConnectionProvider(seeds, config);
            client = RedisClusterClient.builder()
                    .nodes(seeds)
                    .clientConfig(config)
                    .connectionProvider(created)
                    .build();
            provider = created;
        }
        return provider;
    }

    @Override
    public RoundTrip roundTrip() {
        ClusterConnectionProvider nodes = provider();
        return new RoundTrip(key -> nodeOf(nodes, JedisClusterCRC16.getSlot(key)),
                node -> new Pipeline(nodes.getConnection(node), true));
    }

    private static HostAndPort nodeOf(ClusterConnectionProvider nodes, int slot) {
        HostAndPort node = nodes.getNode(slot);
        if (node == null) {
            // A slot nobody served when the map was read: the cluster may have changed since.
            nodes.renewSlotCache();
            node = nodes.getNode(slot);
        }
        if (node == null) {
            throw new JedisClusterOperationException("no master of the cluster serves slot " + slot);
        }
        return node;
    }

    @Override
    public List<HostAndPort> masters() {
        return provider().getPrimaryNodes().keySet().stream()
                .map(HostAndPort::from)
                .sorted(Comparator.comparing(HostAndPort::toString))
                .toList();
    }

    @Override
    public List<List<String>> chunks(Collection<String> keys, int chunkSize) {
        return KeyChunks.bySlot(keys, chunkSize);
    }

    /** Reads the slot map again: after a failover or a resharding, the retry goes to the new masters. */
    @Override
    public void failed() {
        RedisClusterClient current;
        synchronized (this) {
            current = client;
        }
        if (current != null) {
            current.refreshClusterTopology();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close(); // closes the provider and its pools
        }
    }
}
