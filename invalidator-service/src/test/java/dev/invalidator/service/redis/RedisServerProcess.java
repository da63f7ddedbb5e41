package dev.invalidator.service.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A redis-server of the test's own, as a child process on a free port, with the settings a test adds (a password,
 * an ACL user, cluster mode). Nothing is saved; the server is killed on {@link #close()}.
 */
final class RedisServerProcess implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Process process;

    private RedisServerProcess(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts redis-server in {@code directory} (its log and any cluster file go there) and waits until it answers.
     *
     * @param settings further arguments, as redis-server reads them: {@code --name value…}, one word per argument
     */
    static RedisServerProcess start(Path directory, String... settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        command.addAll(List.of(settings));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server (is it on the PATH?)", e);
        }
        RedisServerProcess server = new RedisServerProcess(directory, port, process);
        server.awaitAnswer();
        return server;
    }

    RedisEndpoint endpoint() {
        return new RedisEndpoint("127.0.0.1", port);
    }

    int port() {
        return port;
    }

    /** A connection without authentication. */
    Jedis connect() {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .serverDefaultProtocol().build());
    }

    private void awaitAnswer() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Jedis jedis = connect()) {
                jedis.ping();
                return;
            } catch (JedisDataException needsAuthentication) {
                return; // NOAUTH: it answers
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                    close();
                    throw new IllegalStateException("redis-server on port " + port + " did not start; see "
                            + directory.resolve("redis.log"), e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
