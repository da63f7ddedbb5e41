package dev.invalidator.service.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;

/**
 * The commands of one round trip, queued on one pipeline per node that they go to and sent when {@link #sync()}
 * reads the replies. On a standalone Redis every command goes to the one pipeline.
 *
 * <p>Not thread-safe: one round trip belongs to the step that opened it.
 */
final class RoundTrip implements AutoCloseable {

    private final Function<String, HostAndPort> nodeOfKey;
    private final Function<HostAndPort, Pipeline> open;
    private final Map<HostAndPort, Pipeline> pipelines = new LinkedHashMap<>();

    /**
     * @param nodeOfKey the node serving a key
     * @param open      a pipeline on a connection to a node; closing it gives the connection back
     */
    RoundTrip(Function<String, HostAndPort> nodeOfKey, Function<HostAndPort, Pipeline> open) {
        this.nodeOfKey = nodeOfKey;
        this.open = open;
    }

    /** The pipeline of the node serving {@code key}; every key of one command must be served by that node. */
    Pipeline forKey(String key) {
        return on(nodeOfKey.apply(key));
    }

    /** The pipeline of {@code node}, for commands about the node's own keyspace such as SCAN. */
    Pipeline on(HostAndPort node) {
        return pipelines.computeIfAbsent(node, open);
    }

    /**
     * Sends every queued command and reads every reply, node after node.
     *
     * @return the requests made: one per node
     */
    int sync() {
        for (Pipeline pipeline : pipelines.values()) {
            pipeline.sync();
        }
        return pipelines.size();
    }

    /** Gives every connection back; the first failure is thrown with the others suppressed. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Pipeline pipeline : pipelines.values()) {
            try {
                pipeline.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        pipelines.clear();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
