package dev.invalidator.client.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A Redis Cluster of three masters and no replicas, each a redis-server child process on a free port: slots split in
 * three ranges, nodes introduced with CLUSTER MEET, ready once every node sees the cluster ok.
 */
final class ChildRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16_384;

    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private ChildRedisCluster() {
    }

    static ChildRedisCluster start(Path directory) {
        ChildRedisCluster cluster = new ChildRedisCluster();
        try {
            List<Integer> busPorts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path node = Files.createDirectories(directory.resolve("node" + i));
                int port = freePort();
                // By default the bus listens on the port + 10000, which a free port above 55535 cannot have.
                int busPort = freePort();
                busPorts.add(busPort);
                cluster.ports.add(port);
                cluster.processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", node.toString(),
                        "--cluster-enabled", "yes", "--cluster-config-file", node.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "5000", "--cluster-port", Integer.toString(busPort))
                        .redirectErrorStream(true).redirectOutput(node.resolve("redis.log").toFile()).start());
            }
            for (int port : cluster.ports) {
                awaitAnswer(port);
            }
            cluster.form(busPorts);
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("could not start redis-server (is it on the PATH?)", e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    HostAndPort seed() {
        return new HostAndPort("127.0.0.1", ports.get(0));
    }

    /** The master serving {@code slot}. */
    Jedis connectToMasterOf(int slot) {
        return connect(ports.get(Math.min(slot / (SLOTS / ports.size()), ports.size() - 1)));
    }

    private void form(List<Integer> busPorts) {
        int perNode = SLOTS / ports.size();
        for (int i = 0; i < ports.size(); i++) {
            int first = i * perNode;
            int last = i == ports.size() - 1 ? SLOTS - 1 : first + perNode - 1;
            try (Jedis node = connect(ports.get(i))) {
                node.clusterAddSlotsRange(first, last);
            }
        }
        try (Jedis first = connect(ports.get(0))) {
            for (int i = 1; i < ports.size(); i++) {
                first.sendCommand(Protocol.Command.CLUSTER, "MEET", "127.0.0.1", Integer.toString(ports.get(i)),
                        Integer.toString(busPorts.get(i)));
            }
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!allOk()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the test cluster did not become ok within 30 s");
            }
            pause();
        }
    }

    private boolean allOk() {
        for (int port : ports) {
            try (Jedis node = connect(port)) {
                String info = node.clusterInfo();
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + ports.size())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void awaitAnswer(int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Jedis jedis = connect(port)) {
                jedis.ping();
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("redis-server on port " + port + " did not start", e);
                }
            }
            pause();
        }
    }

    private static Jedis connect(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().serverDefaultProtocol().build());
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
