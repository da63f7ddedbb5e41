package dev.invalidator.service.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A Redis Cluster of three masters and no replicas, each a redis-server child process with its own directory: slots
 * split in three ranges with CLUSTER ADDSLOTSRANGE, the nodes introduced with CLUSTER MEET, ready once every node
 * sees the cluster as ok.
 */
final class ChildRedisCluster implements AutoCloseable {

    static final int SLOTS = 16_384;

    private final List<RedisServerProcess> masters = new ArrayList<>();
    private final List<Integer> busPorts = new ArrayList<>();

    private ChildRedisCluster() {
    }

    static ChildRedisCluster start(Path directory) {
        ChildRedisCluster cluster = new ChildRedisCluster();
        try {
            for (int i = 0; i < 3; i++) {
                Path nodeDirectory = Files.createDirectories(directory.resolve("node" + i));
                // By default the bus listens on the port + 10000, which a free port above 55535 cannot have.
                int busPort = RedisServerProcess.freePort();
                cluster.busPorts.add(busPort);
                cluster.masters.add(RedisServerProcess.start(nodeDirectory, "--cluster-enabled", "yes",
                        "--cluster-config-file", nodeDirectory.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "5000", "--cluster-port", Integer.toString(busPort)));
            }
            cluster.form();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form() {
        int perNode = SLOTS / masters.size();
        for (int i = 0; i < masters.size(); i++) {
            int first = i * perNode;
            int last = i == masters.size() - 1 ? SLOTS - 1 : first + perNode - 1;
            try (Jedis node = masters.get(i).connect()) {
                node.clusterAddSlotsRange(first, last);
            }
        }
        try (Jedis first = masters.get(0).connect()) {
            for (int i = 1; i < masters.size(); i++) {
                // CLUSTER MEET ip port bus-port: the bus port is not the default one.
                first.sendCommand(Protocol.Command.CLUSTER, "MEET", "127.0.0.1",
                        Integer.toString(masters.get(i).port()), Integer.toString(busPorts.get(i)));
            }
        }
        awaitOk();
    }

    private void awaitOk() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!allOk()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the test cluster did not become ok within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean allOk() {
        for (RedisServerProcess master : masters) {
            try (Jedis node = master.connect()) {
                String info = node.clusterInfo();
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + masters.size())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The masters, in slot order: the first serves the lowest slots. */
    List<RedisServerProcess> masters() {
        return masters;
    }

    /** One seed node is enough: the client learns the others from it. */
    RedisConnection connection() {
        return RedisConnection.cluster(List.of(masters.get(0).endpoint()));
    }

    /** The master serving {@code slot}. */
    RedisServerProcess masterOf(int slot) {
        return masters.get(Math.min(slot / (SLOTS / masters.size()), masters.size() - 1));
    }

    @Override
    public void close() {
        masters.forEach(RedisServerProcess::close);
    }
}
