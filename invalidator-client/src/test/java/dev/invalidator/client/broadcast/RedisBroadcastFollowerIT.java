package dev.invalidator.client.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/** The Pub/Sub follower against the machine's Redis (127.0.0.1:6379), each test on a channel of its own. */
class RedisBroadcastFollowerIT {

    private static final HostAndPort REDIS = new HostAndPort("127.0.0.1", 6379);
    private static final InvalidationBroadcastCodec CODEC = new InvalidationBroadcastCodec();

    private final String channel = "test:broadcast:" + UUID.randomUUID();
    private final String clientName = "follower-" + UUID.randomUUID().toString().replace("-", "");
    private final RecordingSubscriber subscriber = new RecordingSubscriber();
    private RedisClient publisher;
    private BroadcastFollower follower;
    private BroadcastPosition position = BroadcastPosition.first("svc-1", 3);

    @BeforeEach
    void connect() {
        publisher = RedisClient.builder().hostAndPort(REDIS).build();
    }

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
        publisher.close();
    }

    private BroadcastFollower start(Duration heartbeatTimeout) {
        JedisClientConfig config = DefaultJedisClientConfig.builder().clientName(clientName).build();
        follower = BroadcastFollower.redis(REDIS, config, channel)
                .heartbeatTimeout(heartbeatTimeout)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .start(subscriber);
        awaitSubscribers(1);
        return follower;
    }

    private void awaitSubscribers(long count) {
        try (Jedis admin = new Jedis(REDIS)) {
            await("subscribers of " + channel).atMost(Duration.ofSeconds(10)).until(() ->
                    admin.pubsubNumSub(channel).getOrDefault(channel, 0L) == count);
        }
    }

    private void publishKeys(String... keys) {
        publish(new InvalidationBroadcast(position, System.currentTimeMillis(),
                new BroadcastCause.Request("r-" + position.sequence(), "test"), List.of(keys), List.of(), List.of(),
                false));
    }

    private void publishHeartbeat() {
        publish(InvalidationBroadcast.heartbeat(position, System.currentTimeMillis()));
    }

    private void publish(InvalidationBroadcast broadcast) {
        publisher.publish(channel.getBytes(StandardCharsets.UTF_8), CODEC.encode(broadcast));
        position = position.next();
    }

    @Test
    void start_tellsTheSubscriberItsFreshness() {
        start(Duration.ofSeconds(5));

        assertThat(subscriber.freshness()).isSameAs(follower);
    }

    @Test
    void follow_deliversInOrderAndIsInSyncAfterAMessage() {
        start(Duration.ofSeconds(5));
        assertThat(follower.inSync()).as("in sync before hearing anything").isFalse();

        publishKeys("product:1");
        publishHeartbeat();
        publishKeys("product:2", "product:3");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.applied().size() == 2);
        assertThat(subscriber.applied()).extracting(InvalidationBroadcast::keys)
                .containsExactly(List.of("product:1"), List.of("product:2", "product:3"));
        assertThat(subscriber.missed()).isEmpty();
        assertThat(follower.inSync()).isTrue();
        FollowerStats stats = follower.stats();
        assertThat(stats.messagesApplied()).isEqualTo(2);
        assertThat(stats.heartbeats()).isEqualTo(1);
        assertThat(stats.repairs()).isZero();
    }

    @Test
    void follow_sequenceGapReportsGap() {
        start(Duration.ofSeconds(5));
        publishKeys("a");
        position = position.next().next(); // two messages never published
        publishKeys("b");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.applied().size() == 2);
        assertThat(subscriber.missed()).containsExactly(MissReason.GAP);
        assertThat(follower.stats().missed(MissReason.GAP)).isEqualTo(1);
    }

    @Test
    void follow_unreadableMessageReportedAndFollowingOnesApplied() {
        start(Duration.ofSeconds(5));
        publisher.publish(channel, "not a broadcast");
        publishKeys("a");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.applied().size() == 1);
        assertThat(subscriber.missed()).containsExactly(MissReason.UNREADABLE_MESSAGE);
    }

    @Test
    void follow_killedConnectionResubscribesAndReportsDisconnected() {
        start(Duration.ofSeconds(5));
        publishKeys("before");
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.applied().size() == 1);

        killFollowerConnection();
        await("DISCONNECTED reported").atMost(Duration.ofSeconds(10))
                .until(() -> subscriber.missed().contains(MissReason.DISCONNECTED));
        awaitSubscribers(1);
        position = position.next(); // published while away: lost on Pub/Sub, covered by the repair
        publishKeys("after");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.applied().size() == 2);
        assertThat(subscriber.missed()).containsExactly(MissReason.DISCONNECTED);
        assertThat(follower.stats().missed(MissReason.DISCONNECTED)).isEqualTo(1);
        assertThat(follower.inSync()).isTrue();
    }

    @Test
    void inSync_falseOnceHeartbeatsStop() {
        start(Duration.ofMillis(300));
        publishHeartbeat();
        await().atMost(Duration.ofSeconds(10)).until(follower::inSync);

        await("out of sync without heartbeats").atMost(Duration.ofSeconds(10)).until(() -> !follower.inSync());
        publishHeartbeat();
        await("in sync again").atMost(Duration.ofSeconds(10)).until(follower::inSync);
    }

    @Test
    void close_unsubscribesAndIsNoLongerInSync() {
        start(Duration.ofSeconds(5));
        publishHeartbeat();
        await().atMost(Duration.ofSeconds(10)).until(follower::inSync);

        follower.close();

        assertThat(follower.inSync()).isFalse();
        awaitSubscribers(0);
    }

    @Test
    void follow_failingSubscriberStopsTheFollowerOutOfSync() {
        JedisClientConfig config = DefaultJedisClientConfig.builder().clientName(clientName).build();
        follower = BroadcastFollower.redis(REDIS, config, channel).start(new BroadcastSubscriber() {
            @Override
            public void onBroadcast(InvalidationBroadcast broadcast) {
                throw new IllegalStateException("cache is broken");
            }

            @Override
            public void onMissed(MissReason reason, String detail) {
            }
        });
        awaitSubscribers(1);

        publishKeys("a");

        awaitSubscribers(0);
        publishHeartbeat();
        assertThat(follower.inSync()).isFalse();
        assertThat(follower.stats().messagesApplied()).isZero();
    }

    /** Kills the follower's subscribed connection only (found by its name), not other people's on this Redis. */
    private void killFollowerConnection() {
        try (Jedis admin = new Jedis(REDIS)) {
            String list = admin.clientList(ClientType.PUBSUB);
            String id = list.lines().filter(line -> line.contains(" name=" + clientName + " "))
                    .map(line -> line.substring(line.indexOf("id=") + 3, line.indexOf(' ')))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no subscriber named " + clientName + " in " + list));
            assertThat(admin.clientKill(ClientKillParams.clientKillParams().id(id))).isEqualTo(1);
        }
    }
}
