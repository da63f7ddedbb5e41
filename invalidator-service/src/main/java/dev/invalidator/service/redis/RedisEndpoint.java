package dev.invalidator.service.redis;

import java.util.Objects;

/** Where one Redis server listens: a standalone server, or one node of a Redis Cluster. */
public record RedisEndpoint(String host, int port) {

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
    }

    /**
     * Reads {@code host:port}; an IPv6 address goes in brackets ({@code [::1]:6379}).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static RedisEndpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (write an IPv6 address in brackets, "
                    + "e.g. [::1]:6379)");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port: the port is not a number", e);
        }
        try {
            return new RedisEndpoint(host, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
