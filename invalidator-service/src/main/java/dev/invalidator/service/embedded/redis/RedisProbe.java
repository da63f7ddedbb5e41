package dev.invalidator.service.embedded.redis;

import dev.invalidator.service.redis.RedisEndpoint;

/** Asks whether a Redis answers at an address, so that one need not be started. */
@FunctionalInterface
public interface RedisProbe {

    /** Whether a Redis at {@code endpoint} answered PING with PONG, without authentication, in a short time. */
    boolean answersPing(RedisEndpoint endpoint);
}
