package dev.invalidator.service.embedded.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A Redis server from the binary shipped in {@code com.github.codemonstur:embedded-redis}, on 127.0.0.1 and a free
 * port, keeping its snapshot ({@code dump.rdb}) in a directory of its own so that a restart finds its data again
 * (the service's broadcast epoch among it). It stops with {@link #close()}; the caller owns the shutdown hook, so that
 * Redis stops after the service that writes to it.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";

    private final RedisServer server;
    private final int port;
    private final Path directory;
    private boolean closed;

    private EmbeddedRedis(RedisServer server, int port, Path directory) {
        this.server = server;
        this.port = port;
        this.directory = directory;
    }

    /** Starts Redis with its files in {@code directory} (created if missing) and waits until it accepts commands. */
    public static EmbeddedRedis start(Path directory) {
        long started = System.nanoTime();
        Path dir = directory.toAbsolutePath();
        int port = freePort();
        RedisServer server;
        try {
            Files.createDirectories(dir);
            server = RedisServer.newRedisServer()
                    .bind(HOST)
                    .port(port)
                    .setting("dir \"" + dir + "\"")
                    .setting("save 60 1")
                    .onShutdownForceStop(false)
                    .build();
            server.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded Redis on " + HOST + ":" + port + " (directory "
                    + dir + "): " + e.getMessage(), e);
        }
        LOG.info("Redis started on {}:{} in {} ms (directory {})", HOST, port,
                (System.nanoTime() - started) / 1_000_000, dir);
        return new EmbeddedRedis(server, port, dir);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** Stops the server (it saves its snapshot on the way) and waits for its process to end. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
            LOG.info("Redis on {}:{} stopped", HOST, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded Redis on " + HOST + ":" + port, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on " + HOST, e);
        }
    }
}
