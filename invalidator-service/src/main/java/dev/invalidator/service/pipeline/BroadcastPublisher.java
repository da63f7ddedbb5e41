package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Tells near-caches what was invalidated: a batch's announcements merged into as few broadcasts as the format allows
 * ({@link AnnouncementMerger}), each numbered by {@link BroadcastPosition}, sent to a Kafka topic or a Redis Pub/Sub
 * channel, and waits until every one was accepted. While nothing is
 * announced, a heartbeat goes out every {@link Settings#heartbeatInterval()}, so that a subscriber notices a missed
 * last message. Used by one thread.
 */
public final class BroadcastPublisher implements AutoCloseable {

    /**
     * @param publisherId       stable id of this service instance, distinct from every other instance's
     * @param epoch             this run's epoch: greater than every earlier run's (taken from Redis at start)
     * @param heartbeatInterval the longest time without a message
     */
    public record Settings(String publisherId, long epoch, Duration heartbeatInterval) {
        public Settings {
            BroadcastPosition.first(publisherId, epoch); // validates both
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
                throw new IllegalArgumentException("heartbeatInterval must be positive, was " + heartbeatInterval);
            }
        }

        /** Settings with a heartbeat every 5 s. */
        public static Settings of(String publisherId, long epoch) {
            return new Settings(publisherId, epoch, Duration.ofSeconds(5));
        }
    }

    private final BroadcastSink sink;
    private final long heartbeatNanos;
    private BroadcastPosition next;
    private long lastSentNanos;
    // The last announcements not yet accepted, with the broadcasts made of them: a retry sends the very same
    // messages, so a subscriber sees a repeated position rather than a gap. A batch given up for good (a rebalance
    // during an outage) leaves its positions unused: subscribers see a gap and clear, which is safe, whereas reusing
    // a position some of them may have received for other content would make them drop a later message.
    private List<Announcement> unsentAnnouncements = List.of();
    private List<InvalidationBroadcast> unsent = List.of();

    BroadcastPublisher(BroadcastSink sink, Settings settings, long nowNanos) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.next = BroadcastPosition.first(settings.publisherId(), settings.epoch());
        this.heartbeatNanos = settings.heartbeatInterval().toNanos();
        this.lastSentNanos = nowNanos;
    }

    /** A publisher to a Kafka topic, with a producer of its own ({@code acks=all}, idempotent). */
    public static BroadcastPublisher toKafka(PipelineSettings pipeline, String topic, Settings settings) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(pipeline, settings),
                new ByteArraySerializer(), new ByteArraySerializer());
        return new BroadcastPublisher(new KafkaBroadcastSink(producer, topic), settings, System.nanoTime());
    }

    /**
     * The broadcast producer's settings. Its batches hold 256 KiB unless the client settings say otherwise: a poll's
     * broadcasts then go in one request, where Kafka's 16 KiB default needs several round trips of five requests in
     * flight, all waited for before the commit.
     */
    static Map<String, Object> producerConfig(PipelineSettings pipeline, Settings settings) {
        Map<String, Object> config = new HashMap<>(pipeline.kafkaOverrides());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.publisherId() + "-broadcast");
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return config;
    }

    /** A publisher to a Redis Pub/Sub channel; it closes {@code redis} when closed. */
    public static BroadcastPublisher toRedis(UnifiedJedis redis, String channel, Settings settings) {
        return new BroadcastPublisher(new RedisBroadcastSink(redis, channel), settings, System.nanoTime());
    }

    /**
     * Sends a broadcast for every announcement and waits until every one was accepted. Called again with the same
     * announcements after a failure, it sends the same broadcasts, positions included.
     *
     * @throws BroadcastException naming the first broadcast that was not accepted
     */
    public void publish(List<Announcement> announcements, long nowMillis) throws InterruptedException {
        if (!announcements.equals(unsentAnnouncements)) {
            List<InvalidationBroadcast> broadcasts = new ArrayList<>();
            for (AnnouncementMerger.Content content : AnnouncementMerger.merge(announcements)) {
                broadcasts.add(new InvalidationBroadcast(take(), nowMillis, content.cause(), content.keys(),
                        content.patterns(), content.tags(), content.clearAll(), content.soft()));
            }
            unsentAnnouncements = List.copyOf(announcements);
            unsent = broadcasts;
        }
        lastSentNanos = System.nanoTime();
        sink.send(unsent);
        unsentAnnouncements = List.of();
        unsent = List.of();
    }

    /** Sends a heartbeat when nothing was sent for the heartbeat interval; true when it did. */
    public boolean heartbeatIfIdle(long nowNanos, long nowMillis) {
        if (nowNanos - lastSentNanos < heartbeatNanos) {
            return false;
        }
        lastSentNanos = nowNanos;
        sink.sendWithoutWaiting(InvalidationBroadcast.heartbeat(take(), nowMillis));
        return true;
    }

    /** The position the next broadcast will carry. */
    public BroadcastPosition nextPosition() {
        return next;
    }

    private BroadcastPosition take() {
        BroadcastPosition position = next;
        next = next.next();
        return position;
    }

    /** The Kafka producer when broadcasting to Kafka, only to read its metrics. */
    Optional<Producer<?, ?>> kafkaProducer() {
        return sink instanceof KafkaBroadcastSink kafka ? Optional.of(kafka.producer()) : Optional.empty();
    }

    @Override
    public void close() {
        sink.close();
    }
}
