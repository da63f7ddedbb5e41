package dev.invalidator.service.redis;

/**
 * Redis could not be reached or the connection broke mid-apply. The work may be partly applied; every step of it is
 * idempotent, so the caller retries the whole work.
 */
public class RedisUnavailableException extends RuntimeException {

    private final RedisEndpoint endpoint;

    public RedisUnavailableException(RedisEndpoint endpoint, Throwable cause) {
        super("Redis at " + endpoint + " is unreachable: " + cause.getMessage(), cause);
        this.endpoint = endpoint;
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }
}
