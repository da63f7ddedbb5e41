package dev.invalidator.client.broadcast;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;

/**
 * Follows the service's broadcast and hands every message, in order, to one {@link BroadcastSubscriber}, telling it
 * whenever messages may have been missed. Built fluently and started in one go:
 *
 * <pre>{@code
 * BroadcastFollower follower = BroadcastFollower.kafka("localhost:9092", "invalidator.broadcast")
 *         .maxStaleness(Duration.ofSeconds(2))
 *         .start(nearCache);
 * ...
 * follower.close();
 * }</pre>
 *
 * <p>A follower delivers on its own thread. {@link #inSync()} tells whether it is known to have applied everything
 * published up to a moment ago; readers of a near-cache must not be served from it while it is false.
 */
public interface BroadcastFollower extends Freshness, AutoCloseable {

    /**
     * A follower of the broadcast topic: reads every partition from its end at start, then each from its own
     * position, without a consumer group.
     */
    static KafkaFollowerBuilder kafka(String bootstrapServers, String topic) {
        return new KafkaFollowerBuilder(bootstrapServers, topic);
    }

    /**
     * A follower of a Redis Pub/Sub channel (the service's is {@code RedisKeyLayout.broadcastChannel()},
     * {@code inv:broadcast} by default), subscribing through {@code redis}; the caller keeps owning {@code redis}.
     */
    static RedisFollowerBuilder redis(UnifiedJedis redis, String channel) {
        return new RedisFollowerBuilder(redis, false, channel);
    }

    /** A follower of a Redis Pub/Sub channel on its own connection to {@code address}, closed with the follower. */
    static RedisFollowerBuilder redis(HostAndPort address, JedisClientConfig config, String channel) {
        return new RedisFollowerBuilder(RedisFollowerBuilder.connect(address, config), true, channel);
    }

    /** What the follower has done so far. */
    FollowerStats stats();

    /** Stops following and waits for the delivering thread to end; false from {@link #inSync()} from then on. */
    @Override
    void close();
}
