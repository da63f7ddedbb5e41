package dev.invalidator.it.run;

import dev.invalidator.it.infra.Infrastructure;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The Redis of a test class. Follows the {@link Infrastructure} switch: the machine's shared Redis on
 * 127.0.0.1:{@value RedisKeys#SHARED_PORT} on the local path (tests keep to their own key prefixes there and remove
 * their keys with {@link RedisKeys}), a {@value #IMAGE} container otherwise. Register as a static extension.
 */
final class TestRedis implements BeforeAllCallback, AfterAllCallback {

    static final String IMAGE = "redis:7";
    private static final int PORT = 6379;

    // Set before the class's tests run; the container, when there is one, stopped after them.
    private GenericContainer<?> container;
    private String host;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Infrastructure.chosen() == Infrastructure.CONTAINERS) {
            container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(PORT);
            container.start();
            host = container.getHost();
            port = container.getMappedPort(PORT);
        } else {
            host = "127.0.0.1";
            port = RedisKeys.SHARED_PORT;
        }
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** One connection, for the test's own reads and writes. */
    Jedis connect() {
        return new Jedis(new HostAndPort(host, port), DefaultJedisClientConfig.builder().serverDefaultProtocol()
                .build());
    }

    /** A pooled client, as the client library's {@code RedisCache} takes it. */
    RedisClient client() {
        return RedisClient.builder().hostAndPort(new HostAndPort(host, port))
                .clientConfig(DefaultJedisClientConfig.builder().serverDefaultProtocol().build()).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (container != null) {
            container.stop();
        }
    }
}
