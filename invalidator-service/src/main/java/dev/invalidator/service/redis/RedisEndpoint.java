package dev.invalidator.service.redis;

import java.util.Objects;

/** Where a standalone Redis listens. */
public record RedisEndpoint(String host, int port) {

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
