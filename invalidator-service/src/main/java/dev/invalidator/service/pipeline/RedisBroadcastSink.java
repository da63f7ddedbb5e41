package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Broadcasts on a Redis Pub/Sub channel. Redis keeps nothing for a subscriber that is away, so subscribers rely on
 * the positions (and heartbeats) to notice what they missed; a PUBLISH that returns has been handed to every
 * subscriber connected at that moment.
 */
final class RedisBroadcastSink implements BroadcastSink {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBroadcastSink.class);

    private final UnifiedJedis redis;
    private final byte[] channel;
    private final String channelName;
    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();

    RedisBroadcastSink(UnifiedJedis redis, String channel) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.channelName = Objects.requireNonNull(channel, "channel");
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void send(List<InvalidationBroadcast> broadcasts) {
        for (InvalidationBroadcast broadcast : broadcasts) {
            try {
                redis.publish(channel, codec.encode(broadcast));
            } catch (JedisException e) {
                throw new BroadcastException(broadcast.position(), destination(), e);
            }
        }
    }

    @Override
    public void sendWithoutWaiting(InvalidationBroadcast broadcast) {
        try {
            redis.publish(channel, codec.encode(broadcast));
        } catch (JedisException e) {
            LOG.warn("broadcast {} on {} could not be published: {}", broadcast.position(), destination(),
                    e.getMessage());
        }
    }

    @Override
    public String destination() {
        return "Redis channel " + channelName;
    }

    @Override
    public void close() {
        redis.close();
    }
}
