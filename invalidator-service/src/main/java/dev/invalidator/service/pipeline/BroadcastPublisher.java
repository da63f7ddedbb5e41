package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Tells near-caches what was invalidated: one broadcast per announcement (split when it has more than
 * {@value InvalidationBroadcast#MAX_ITEMS} keys, patterns or tags), keyed by the publisher id so its messages keep
 * their order, each numbered by {@link BroadcastPosition}, and waits until Kafka acknowledged every one
 * ({@code acks=all}). A target too long for the broadcast format is announced as {@code clearAll} instead, so that no
 * near-cache keeps it. Used by one thread.
 */
public final class BroadcastPublisher implements AutoCloseable {

    /**
     * @param topic       the broadcast topic
     * @param publisherId stable id of this service instance
     * @param epoch       this run's epoch: greater than every earlier run's (taken from Redis at start)
     */
    public record Settings(String topic, String publisherId, long epoch) {
        public Settings {
            Objects.requireNonNull(topic, "topic");
            BroadcastPosition.first(publisherId, epoch); // validates both
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
    private BroadcastPosition next;

    BroadcastPublisher(Producer<byte[], byte[]> producer, Settings settings) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = settings.topic();
        this.next = BroadcastPosition.first(settings.publisherId(), settings.epoch());
    }

    public static BroadcastPublisher create(PipelineSettings pipeline, Settings settings) {
        Map<String, Object> config = new HashMap<>(pipeline.kafkaOverrides());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.publisherId() + "-broadcast");
        return new BroadcastPublisher(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                settings);
    }

    /**
     * Sends a broadcast for every announcement and waits for every acknowledgement.
     *
     * @throws BroadcastException naming the first broadcast Kafka did not acknowledge
     */
    public void publish(List<Announcement> announcements, long nowMillis) throws InterruptedException {
        List<InvalidationBroadcast> broadcasts = new ArrayList<>();
        for (Announcement announcement : announcements) {
            split(announcement, nowMillis, broadcasts);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(broadcasts.size());
        byte[] key = next.publisherId().getBytes(StandardCharsets.UTF_8);
        for (InvalidationBroadcast broadcast : broadcasts) {
            try {
                sent.add(producer.send(new ProducerRecord<>(topic, key, codec.encode(broadcast))));
            } catch (KafkaException e) {
                throw new BroadcastException(broadcast.position(), topic, e);
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new BroadcastException(broadcasts.get(i).position(), topic, e.getCause());
            }
        }
    }

    private void split(Announcement announcement, long nowMillis, List<InvalidationBroadcast> out) {
        List<String> keys = fitting(announcement.keys());
        List<String> patterns = fitting(announcement.patterns());
        List<String> tags = fitting(announcement.tags());
        boolean clearAll = keys.size() < announcement.keys().size() || patterns.size() < announcement.patterns().size()
                || tags.size() < announcement.tags().size();
        int max = InvalidationBroadcast.MAX_ITEMS;
        int parts = Math.max(1, (Math.max(keys.size(), Math.max(patterns.size(), tags.size())) + max - 1) / max);
        for (int part = 0; part < parts; part++) {
            out.add(new InvalidationBroadcast(take(), nowMillis, announcement.cause(), slice(keys, part),
                    slice(patterns, part), slice(tags, part), clearAll));
        }
    }

    private BroadcastPosition take() {
        BroadcastPosition position = next;
        next = next.next();
        return position;
    }

    private static List<String> fitting(List<String> targets) {
        return targets.stream()
                .filter(t -> t.codePointCount(0, t.length()) <= InvalidationBroadcast.MAX_TARGET_LENGTH)
                .toList();
    }

    private static List<String> slice(List<String> targets, int part) {
        int from = Math.min(targets.size(), part * InvalidationBroadcast.MAX_ITEMS);
        int to = Math.min(targets.size(), from + InvalidationBroadcast.MAX_ITEMS);
        return targets.subList(from, to);
    }

    @Override
    public void close() {
        producer.close();
    }
}
