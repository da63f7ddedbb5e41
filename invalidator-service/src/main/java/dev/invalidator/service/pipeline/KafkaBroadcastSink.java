package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts to a Kafka topic, keyed by the publisher id so that one publisher's messages stay in order in one
 * partition; {@link #send} flushes the producer and waits for every acknowledgement ({@code acks=all}).
 */
final class KafkaBroadcastSink implements BroadcastSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroadcastSink.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();

    KafkaBroadcastSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void send(List<InvalidationBroadcast> broadcasts) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(broadcasts.size());
        for (InvalidationBroadcast broadcast : broadcasts) {
            try {
                sent.add(producer.send(record(broadcast)));
            } catch (KafkaException e) {
                throw new BroadcastException(broadcast.position(), destination(), e);
            }
        }
        // Everything is waited for next: sent now, not after the producer's linger.ms (5 ms by default).
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new BroadcastException(broadcasts.get(i).position(), destination(), e.getCause());
            }
        }
    }

    @Override
    public void sendWithoutWaiting(InvalidationBroadcast broadcast) {
        try {
            producer.send(record(broadcast), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("broadcast {} to {} was not acknowledged: {}", broadcast.position(), destination(),
                            error.getMessage());
                }
            });
        } catch (KafkaException e) {
            LOG.warn("broadcast {} to {} could not be sent: {}", broadcast.position(), destination(), e.getMessage());
        }
    }

    private ProducerRecord<byte[], byte[]> record(InvalidationBroadcast broadcast) {
        byte[] key = broadcast.position().publisherId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, key, codec.encode(broadcast));
    }

    @Override
    public String destination() {
        return "topic " + topic;
    }

    /** The producer, only to read its metrics. */
    Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
