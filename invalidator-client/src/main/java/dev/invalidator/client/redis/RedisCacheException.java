package dev.invalidator.client.redis;

/** A {@link RedisCache} step failed; the message names the step and the Redis key. */
public final class RedisCacheException extends RuntimeException {

    public RedisCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
