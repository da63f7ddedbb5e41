package dev.invalidator.service.pipeline;

import dev.invalidator.service.redis.RedisEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ShutdownParams;

/**
 * A redis-server of the test's own, as a child process, so that a test can stop and restart it. Its data is saved to
 * {@code directory} only by {@link #shutdownSaving()}, and read back by the next {@link #start()}. Public, in the
 * service's test jar, for the integration tests' Redis outage too.
 */
public final class ChildRedis implements AutoCloseable {

    private final Path directory;
    private final int port;
    private Process process;

    public ChildRedis(Path directory) {
        this.directory = directory;
        this.port = freePort();
    }

    public RedisEndpoint endpoint() {
        return new RedisEndpoint("127.0.0.1", port);
    }

    public int port() {
        return port;
    }

    public Jedis connect() {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .serverDefaultProtocol().build());
    }

    /** Starts the server (again, after {@link #shutdownSaving()}), appending to {@code redis.log}. */
    public void start() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--dbfilename", "dump.rdb")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server (is it on the PATH?)", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Jedis jedis = connect()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                    throw new IllegalStateException("redis-server on port " + port + " did not start; see "
                            + directory.resolve("redis.log"), e);
                }
            }
            sleep(50);
        }
    }

    /** Saves the data set and stops the server, as {@code SHUTDOWN SAVE} does. */
    public void shutdownSaving() {
        try (Jedis jedis = connect()) {
            jedis.shutdown(ShutdownParams.shutdownParams().save());
        } catch (RuntimeException expected) {
            // The server closes the connection as it goes.
        }
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
