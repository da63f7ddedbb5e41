package dev.invalidator.service.redis;

import java.util.Collection;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/** One Redis server holding the whole keyspace; connections come from the client's pool on first use. */
final class StandaloneNodes implements RedisNodes {

    private final HostAndPort node;
    private final RedisClient client;

    StandaloneNodes(RedisConnection connection, int timeoutMillis) {
        RedisEndpoint endpoint = connection.endpoint();
        this.node = new HostAndPort(endpoint.host(), endpoint.port());
        this.client = RedisClient.builder()
                .hostAndPort(node)
                .clientConfig(connection.clientConfig(timeoutMillis))
                .build();
    }

    @Override
    public RoundTrip roundTrip() {
        return new RoundTrip(key -> node, any -> client.pipelined());
    }

    @Override
    public List<HostAndPort> masters() {
        return List.of(node);
    }

    @Override
    public List<List<String>> chunks(Collection<String> keys, int chunkSize) {
        return KeyChunks.consecutive(keys, chunkSize);
    }

    @Override
    public void failed() {
        // The pool drops broken connections itself; the next attempt opens new ones.
    }

    @Override
    public void close() {
        client.close();
    }
}
