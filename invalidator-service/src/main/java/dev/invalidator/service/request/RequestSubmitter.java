package dev.invalidator.service.request;

import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts explicit requests on the requests topic, where the pipeline applies them in order with the change events and
 * broadcasts them; returns once Kafka acknowledged the request ({@code acks=all}), so an accepted request is never
 * lost. Keyed by the request id. Thread-safe.
 */
public final class RequestSubmitter implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();

    RequestSubmitter(Producer<byte[], byte[]> producer, String topic, Duration timeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A submitter with a producer of its own.
     *
     * @param kafkaOverrides further client settings (TLS, SASL, ...)
     * @param timeout        how long {@link #submit} waits for the acknowledgement
     */
    public static RequestSubmitter create(String bootstrapServers, Map<String, Object> kafkaOverrides, String topic,
                                          Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafkaOverrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "invalidator-requests");
        // Bounded, so that an HTTP caller hears of an unavailable broker instead of waiting minutes.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        return new RequestSubmitter(producer, topic, timeout);
    }

    /** Where an accepted request was written. */
    public record Accepted(String id, String topic, int partition, long offset) {
    }

    /**
     * Writes the request to the requests topic and waits for Kafka's acknowledgement.
     *
     * @throws RequestNotAcceptedException when Kafka did not acknowledge it in time; the request may still arrive, and
     *                                     sending it again is harmless
     */
    public Accepted submit(InvalidationRequest request) throws InterruptedException {
        byte[] key = request.id().getBytes(StandardCharsets.UTF_8);
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, key, codec.encode(request)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Accepted(request.id(), metadata.topic(), metadata.partition(), metadata.offset());
        } catch (ExecutionException e) {
            throw new RequestNotAcceptedException(request.id(), topic, e.getCause());
        } catch (TimeoutException e) {
            throw new RequestNotAcceptedException(request.id(), topic, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new RequestNotAcceptedException(request.id(), topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
