package dev.invalidator.client.broadcast;

import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** Settings of a Redis Pub/Sub {@link BroadcastFollower}; obtained from {@link BroadcastFollower#redis}. */
public final class RedisFollowerBuilder {

    private final UnifiedJedis redis;
    private final boolean ownsRedis;
    private final String channel;
    private Duration heartbeatTimeout = Duration.ofSeconds(15);
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);

    RedisFollowerBuilder(UnifiedJedis redis, boolean ownsRedis, String channel) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.ownsRedis = ownsRedis;
        this.channel = KafkaFollowerBuilder.requireText(channel, "channel");
    }

    static UnifiedJedis connect(HostAndPort address, JedisClientConfig config) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(config, "config");
        return RedisClient.builder().hostAndPort(address).clientConfig(config).build();
    }

    /**
     * The longest silence after which the follower no longer counts as in sync; 15 s by default, three times the
     * service's default {@code broadcast.heartbeat-interval}. Keep it above that interval.
     */
    public RedisFollowerBuilder heartbeatTimeout(Duration timeout) {
        this.heartbeatTimeout = KafkaFollowerBuilder.requirePositive(timeout, "heartbeatTimeout");
        return this;
    }

    /** The wait before resubscribing after a lost connection, doubling from {@code initial} up to {@code max}. */
    public RedisFollowerBuilder reconnectBackoff(Duration initial, Duration max) {
        KafkaFollowerBuilder.requirePositive(initial, "reconnectBackoff initial");
        KafkaFollowerBuilder.requirePositive(max, "reconnectBackoff max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("reconnectBackoff max " + max + " is below initial " + initial);
        }
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** Calls {@code subscriber.followedBy} and starts subscribing. */
    public BroadcastFollower start(BroadcastSubscriber subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        RedisBroadcastFollower follower = new RedisBroadcastFollower(redis, ownsRedis, channel, heartbeatTimeout,
                initialBackoff, maxBackoff, subscriber);
        subscriber.followedBy(follower);
        follower.start();
        return follower;
    }
}
