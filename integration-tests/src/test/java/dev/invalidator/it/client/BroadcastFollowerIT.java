package dev.invalidator.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.client.broadcast.BroadcastSubscriber;
import dev.invalidator.client.broadcast.FollowerStats;
import dev.invalidator.client.broadcast.Freshness;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.it.infra.KafkaBroker;
import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broadcast follower against a real broker ({@link KafkaBroker}); each test on a topic of its own,
 * with broadcasts produced as the service does: encoded with the event-schemas codec, keyed by publisher id.
 */
class BroadcastFollowerIT {

    private static final InvalidationBroadcastCodec CODEC = new InvalidationBroadcastCodec();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaBroker kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;

    private final String topic = "broadcast-" + UUID.randomUUID();
    private final List<BroadcastFollower> followers = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() {
        admin.close();
        producer.close();
        kafka.close();
    }

    @AfterEach
    void closeFollowers() {
        followers.forEach(BroadcastFollower::close);
    }

    /** Starts a follower and waits until it has fixed its starting point and confirmed it is caught up. */
    private BroadcastFollower follow(BroadcastSubscriber subscriber, Map<String, ?> properties, Duration staleness) {
        BroadcastFollower follower = BroadcastFollower.kafka(kafka.bootstrapServers(), topic)
                .clientProperties(properties)
                .maxStaleness(staleness)
                .partitionRefreshInterval(Duration.ofMillis(300))
                .start(subscriber);
        followers.add(follower);
        await("follower caught up at start").atMost(WAIT).until(follower::inSync);
        return follower;
    }

    private BroadcastFollower follow(BroadcastSubscriber subscriber) {
        return follow(subscriber, Map.of(), Duration.ofSeconds(2));
    }

    private static InvalidationBroadcast keys(BroadcastPosition position, String... keys) {
        return new InvalidationBroadcast(position, System.currentTimeMillis(),
                new BroadcastCause.Request("r-" + position, "test"), List.of(keys), List.of(), List.of(), false);
    }

    private RecordMetadata send(InvalidationBroadcast broadcast) {
        return send(null, broadcast.position().publisherId(), CODEC.encode(broadcast));
    }

    private RecordMetadata send(Integer partition, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    private static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void follow_deliversEachPublishersMessagesInOrderFromTheEnd() {
        kafka.createTopic(topic, 3);
        BroadcastPosition a = BroadcastPosition.first("svc-a", 1);
        BroadcastPosition b = BroadcastPosition.first("svc-b", 4);
        send(keys(a, "old")); // before the follower started: not its concern
        a = a.next();
        Recording subscriber = new Recording();
        BroadcastFollower follower = follow(subscriber);
        assertThat(subscriber.freshness).isSameAs(follower);

        for (int i = 0; i < 20; i++) {
            send(keys(a, "a:" + i));
            a = a.next();
            send(keys(b, "b:" + i));
            b = b.next();
        }
        send(InvalidationBroadcast.heartbeat(a, System.currentTimeMillis()));

        await().atMost(WAIT).until(() -> subscriber.applied().size() == 40);
        assertThat(subscriber.appliedKeys("a:")).containsExactlyElementsOf(numbered("a:", 20));
        assertThat(subscriber.appliedKeys("b:")).containsExactlyElementsOf(numbered("b:", 20));
        assertThat(subscriber.missed()).isEmpty();
        await().atMost(WAIT).until(() -> follower.stats().heartbeats() == 1);
        FollowerStats stats = follower.stats();
        assertThat(stats.messagesApplied()).isEqualTo(40);
        assertThat(stats.repairs()).isZero();
        assertThat(stats.maxLag()).isGreaterThanOrEqualTo(stats.lastLag());
        assertThat(follower.inSync()).isTrue();
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }

    @Test
    void follow_sequenceGapReportsGapAndUnreadableMessageIsReported() {
        kafka.createTopic(topic, 1);
        Recording subscriber = new Recording();
        follow(subscriber);
        BroadcastPosition a = BroadcastPosition.first("svc-a", 1);

        send(keys(a, "k1"));
        send(keys(a.next().next(), "k3")); // k2 was never published
        send(null, "svc-a", "{not json".getBytes(StandardCharsets.UTF_8));
        send(keys(a.next().next().next(), "k4"));

        await().atMost(WAIT).until(() -> subscriber.applied().size() == 3);
        assertThat(subscriber.missed()).containsExactly(MissReason.GAP, MissReason.UNREADABLE_MESSAGE);
    }

    @Test
    void follow_newEpochFromItsFirstMessageIsNoGap() {
        kafka.createTopic(topic, 1);
        Recording subscriber = new Recording();
        follow(subscriber);

        send(keys(new BroadcastPosition("svc-a", 1, 7), "k1"));
        send(keys(BroadcastPosition.first("svc-a", 2), "k2"));

        await().atMost(WAIT).until(() -> subscriber.applied().size() == 2);
        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void follow_retentionOvertakingThePositionReportsItAndContinuesFromTheEnd() throws Exception {
        kafka.createTopic(topic, 1);
        Recording subscriber = new Recording();
        subscriber.blockOn("block");
        // One record per fetch, so that the follower cannot have fetched ahead what the test then deletes.
        BroadcastFollower follower = follow(subscriber,
                Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1), Duration.ofSeconds(2));
        BroadcastPosition a = BroadcastPosition.first("svc-a", 1);

        send(keys(a, "block"));
        assertThat(subscriber.blocked.await(30, TimeUnit.SECONDS)).as("follower blocked in delivery").isTrue();
        RecordMetadata last = null;
        for (int i = 0; i < 5; i++) {
            a = a.next();
            last = send(keys(a, "deleted:" + i));
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        get(admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(last.offset() + 1))).all());
        subscriber.release.countDown();

        await("retention overtaken").atMost(WAIT)
                .until(() -> subscriber.missed().contains(MissReason.RETENTION_OVERTAKEN));
        a = a.next();
        send(keys(a, "after"));
        await().atMost(WAIT).until(() -> subscriber.appliedKeys("after").size() == 1);
        assertThat(subscriber.missed()).containsExactly(MissReason.RETENTION_OVERTAKEN);
        assertThat(follower.stats().missed(MissReason.RETENTION_OVERTAKEN)).isEqualTo(1);
        await().atMost(WAIT).until(follower::inSync);
    }

    @Test
    void inSync_falseWhileDeliveryLagsBehindAndTrueOnceCaughtUp() {
        kafka.createTopic(topic, 1);
        Recording subscriber = new Recording();
        subscriber.blockOn("block");
        BroadcastFollower follower = follow(subscriber, Map.of(), Duration.ofMillis(500));
        BroadcastPosition a = BroadcastPosition.first("svc-a", 1);

        send(keys(a, "block"));
        send(keys(a.next(), "behind"));
        await("out of sync while behind").atMost(WAIT).until(() -> !follower.inSync());
        subscriber.release.countDown();

        await("in sync once caught up").atMost(WAIT).until(follower::inSync);
        assertThat(subscriber.appliedKeys("behind")).hasSize(1);
        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void follow_partitionAddedLaterIsReadFromItsBeginning() throws Exception {
        kafka.createTopic(topic, 1);
        Recording subscriber = new Recording();
        follow(subscriber);

        get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all());
        send(1, "svc-b", CODEC.encode(keys(BroadcastPosition.first("svc-b", 1), "on-new-partition")));

        await().atMost(WAIT).until(() -> subscriber.appliedKeys("on-new-partition").size() == 1);
        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void inSync_falseWhileTheBrokerIsUnreachableThenContinuesWithoutRepair() throws Exception {
        kafka.createTopic(topic, 1);
        Recording subscriber = new Recording();
        BroadcastFollower follower = follow(subscriber, Map.of(), Duration.ofSeconds(1));
        BroadcastPosition a = BroadcastPosition.first("svc-a", 1);
        send(keys(a, "before"));
        await().atMost(WAIT).until(() -> subscriber.applied().size() == 1);

        kafka.pause();
        try {
            await("out of sync while the broker does not answer").atMost(WAIT).until(() -> !follower.inSync());
        } finally {
            kafka.resume();
        }
        send(keys(a.next(), "after"));

        await().atMost(WAIT).until(() -> subscriber.applied().size() == 2);
        await("in sync again").atMost(WAIT).until(follower::inSync);
        assertThat(subscriber.missed()).isEmpty();
    }

    /** Records what it is told; can block the follower's thread in the delivery of a chosen key. */
    private static final class Recording implements BroadcastSubscriber {

        private final List<InvalidationBroadcast> applied = new ArrayList<>();
        private final List<MissReason> missed = new ArrayList<>();
        private final CountDownLatch blocked = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile String blockingKey;
        private volatile Freshness freshness;

        void blockOn(String key) {
            blockingKey = key;
        }

        @Override
        public void onBroadcast(InvalidationBroadcast broadcast) {
            synchronized (this) {
                applied.add(broadcast);
            }
            String key = blockingKey;
            if (key != null && broadcast.keys().contains(key)) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public synchronized void onMissed(MissReason reason, String detail) {
            missed.add(reason);
        }

        @Override
        public void followedBy(Freshness freshness) {
            this.freshness = freshness;
        }

        synchronized List<InvalidationBroadcast> applied() {
            return List.copyOf(applied);
        }

        synchronized List<MissReason> missed() {
            return List.copyOf(missed);
        }

        synchronized List<String> appliedKeys(String prefix) {
            return applied.stream().flatMap(broadcast -> broadcast.keys().stream())
                    .filter(key -> key.startsWith(prefix)).toList();
        }
    }
}
