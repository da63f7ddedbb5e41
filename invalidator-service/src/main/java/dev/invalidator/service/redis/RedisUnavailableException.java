package dev.invalidator.service.redis;

/**
 * Redis could not be used for now: it could not be reached, the connection broke mid-apply, it refused the
 * credentials, or a cluster's slots were moving. The work may be partly applied; every step of it is idempotent, so
 * the caller retries the whole work.
 */
public class RedisUnavailableException extends RuntimeException {

    private final RedisConnection connection;

    public RedisUnavailableException(RedisConnection connection, Throwable cause) {
        super(connection.describe() + " is unavailable: " + cause.getMessage(), cause);
        this.connection = connection;
    }

    /** The Redis, or the cluster's seed nodes, at fault. */
    public RedisConnection connection() {
        return connection;
    }
}
