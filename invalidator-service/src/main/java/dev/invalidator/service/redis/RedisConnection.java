package dev.invalidator.service.redis;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * How to reach Redis: one standalone server, or a Redis Cluster through seed nodes (the client learns the other nodes
 * from them); the ACL user and password; TLS.
 *
 * @param nodes    the standalone server (exactly one), or the cluster's seed nodes (at least one)
 * @param cluster  whether {@code nodes} are seeds of a Redis Cluster
 * @param user     the ACL user; the default user when empty
 * @param password the password of the user (or {@code requirepass}); no authentication when empty
 * @param tls      whether to connect over TLS, trusting the JVM's trust store and checking that each server's
 *                 certificate names the host connected to
 */
public record RedisConnection(List<RedisEndpoint> nodes, boolean cluster, Optional<String> user,
                              Optional<String> password, boolean tls) {

    public RedisConnection {
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis node is needed");
        }
        if (!cluster && nodes.size() > 1) {
            throw new IllegalArgumentException("a standalone Redis has one endpoint, got " + nodes
                    + "; several nodes are the seeds of a cluster");
        }
        // Jedis sends no AUTH without a password, so a user alone would silently connect as the default user.
        if (user.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException("the Redis user '" + user.get() + "' needs a password");
        }
    }

    /** A standalone Redis without authentication or TLS. */
    public static RedisConnection standalone(RedisEndpoint endpoint) {
        return new RedisConnection(List.of(endpoint), false, Optional.empty(), Optional.empty(), false);
    }

    /** A Redis Cluster reached through {@code seeds}, without authentication or TLS. */
    public static RedisConnection cluster(Collection<RedisEndpoint> seeds) {
        return new RedisConnection(List.copyOf(seeds), true, Optional.empty(), Optional.empty(), false);
    }

    /** This connection, authenticating as {@code user} (null for the default user) with {@code password}. */
    public RedisConnection withCredentials(String user, String password) {
        return new RedisConnection(nodes, cluster, Optional.ofNullable(user), Optional.of(password), tls);
    }

    /** This connection, over TLS or not. */
    public RedisConnection withTls(boolean tls) {
        return new RedisConnection(nodes, cluster, user, password, tls);
    }

    /** The standalone server. */
    RedisEndpoint endpoint() {
        if (cluster) {
            throw new IllegalStateException("a cluster has no single endpoint: " + describe());
        }
        return nodes.get(0);
    }

    /** What errors name: {@code Redis at host:port}, or the cluster with its seed nodes. */
    public String describe() {
        if (!cluster) {
            return "Redis at " + nodes.get(0);
        }
        return "Redis Cluster (seed nodes " + nodes.stream().map(RedisEndpoint::toString)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Jedis's settings for every connection: timeouts, credentials, TLS. */
    DefaultJedisClientConfig clientConfig(int timeoutMillis) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                // RESP2, Redis's default: the replies read here (script results as lists) have the same shape on
                // every Redis version, and Jedis stops warning that it cannot negotiate RESP3.
                .serverDefaultProtocol()
                .user(user.orElse(null))
                .password(password.orElse(null))
                .ssl(tls);
        if (tls) {
            // Without it, Jedis would accept any certificate its trust store signed, whatever host it names.
            SSLParameters checkHostName = new SSLParameters();
            checkHostName.setEndpointIdentificationAlgorithm("HTTPS");
            builder.sslParameters(checkHostName);
        }
        return builder.build();
    }

    /** Like the record's, with the password masked. */
    @Override
    public String toString() {
        return "RedisConnection[" + describe() + ", user=" + user.orElse("(default)")
                + ", password=" + (password.isPresent() ? "******" : "(none)") + ", tls=" + tls + "]";
    }
}
