package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import dev.invalidator.schemas.change.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** Broadcasts on Redis Pub/Sub, against the Redis at 127.0.0.1:6379 and one the test stops. */
class RedisBroadcastSinkIT {

    private static final HostAndPort SHARED = new HostAndPort("127.0.0.1", 6379);

    @TempDir
    Path directory;

    @Test
    void publish_toRedis_reachesASubscriberInOrder_aCallsAnnouncementsMergedIntoOneMessage() throws Exception {
        String channel = "it-" + UUID.randomUUID() + ":broadcast";
        List<InvalidationBroadcast> received = new CopyOnWriteArrayList<>();
        InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
        BinaryJedisPubSub subscriber = new BinaryJedisPubSub() {
            @Override
            public void onMessage(byte[] from, byte[] message) {
                received.add(codec.decode(message).decoded().orElseThrow());
            }
        };
        Thread listening = new Thread(() -> {
            try (Jedis jedis = new Jedis(SHARED, DefaultJedisClientConfig.builder().serverDefaultProtocol().build())) {
                jedis.subscribe(subscriber, channel.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        listening.start();
        await().atMost(Duration.ofSeconds(5)).until(subscriber::isSubscribed);

        BroadcastCause update = new BroadcastCause.Change("pg.inv.customers", Operation.UPDATE, "lsn 0/1");
        BroadcastCause delete = new BroadcastCause.Change("pg.inv.customers", Operation.DELETE, "lsn 0/2");
        try (BroadcastPublisher publisher = BroadcastPublisher.toRedis(client(SHARED), channel,
                new BroadcastPublisher.Settings("node-1", 4, Duration.ofMillis(1)))) {
            publisher.publish(List.of(new Announcement(update, List.of("customer:1"), List.of(), List.of()),
                    new Announcement(delete, List.of("customer:2"), List.of(), List.of())), 1000);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            assertThat(publisher.heartbeatIfIdle(System.nanoTime() + Duration.ofSeconds(1).toNanos(), 2000)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        } finally {
            subscriber.unsubscribe();
            listening.join(5_000);
        }
        assertThat(received).extracting(InvalidationBroadcast::position).containsExactly(
                new BroadcastPosition("node-1", 4, 1), new BroadcastPosition("node-1", 4, 2));
        // One call's announcements, merged: one message of their causes and keys.
        assertThat(received.get(0).causes()).containsExactly(update, delete);
        assertThat(received.get(0).keys()).containsExactly("customer:1", "customer:2");
        assertThat(received.get(1).cause()).isEqualTo(new BroadcastCause.Heartbeat());
    }

    @Test
    void publish_redisDown_namesThePositionAndChannel() {
        ChildRedis child = new ChildRedis(directory);
        child.start();
        HostAndPort address = new HostAndPort("127.0.0.1", child.endpoint().port());
        try (BroadcastPublisher publisher = BroadcastPublisher.toRedis(client(address), "inv:broadcast",
                BroadcastPublisher.Settings.of("node-1", 4))) {
            child.close();

            assertThatThrownBy(() -> publisher.publish(List.of(new Announcement(new BroadcastCause.Heartbeat(),
                    List.of("customer:1"), List.of(), List.of())), 1000))
                    .isInstanceOf(BroadcastException.class)
                    .hasMessageContaining("broadcast node-1@4#1 to Redis channel inv:broadcast was not acknowledged");
        }
    }

    private static RedisClient client(HostAndPort address) {
        return RedisClient.builder().hostAndPort(address)
                .clientConfig(DefaultJedisClientConfig.builder().serverDefaultProtocol()
                        .connectionTimeoutMillis(1000).socketTimeoutMillis(1000).build())
                .build();
    }
}
