package dev.invalidator.service.request;

import dev.invalidator.client.publish.InvalidationPublisher;
import dev.invalidator.client.publish.PublishedRequest;
import dev.invalidator.schemas.request.InvalidationRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Puts explicit requests on the requests topic, where the pipeline applies them in order with the change events and
 * broadcasts them, through the client library's {@link InvalidationPublisher} (keyed by request id, {@code acks=all},
 * idempotent); returns once Kafka acknowledged the request, so an accepted request is never lost. Thread-safe.
 */
public final class RequestSubmitter implements AutoCloseable {

    /** Settings the publisher owns; the service's Kafka client settings may name them for its other clients. */
    private static final Set<String> PUBLISHER_OWN = Set.of(ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    private final InvalidationPublisher publisher;
    private final String topic;
    private final Duration timeout;

    private RequestSubmitter(InvalidationPublisher publisher, String topic, Duration timeout) {
        this.publisher = publisher;
        this.topic = topic;
        this.timeout = timeout;
    }

    /**
     * A submitter with a producer of its own.
     *
     * @param kafkaOverrides further client settings (TLS, SASL, ...)
     * @param timeout        how long {@link #submit} waits for the acknowledgement
     */
    public static RequestSubmitter create(String bootstrapServers, Map<String, Object> kafkaOverrides, String topic,
                                          Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        Map<String, Object> settings = new HashMap<>(kafkaOverrides);
        settings.keySet().removeAll(PUBLISHER_OWN);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "invalidator-requests");
        // Bounded, so that an HTTP caller hears of an unavailable broker instead of waiting minutes.
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        InvalidationPublisher publisher = InvalidationPublisher.builder()
                .bootstrapServers(bootstrapServers)
                .topic(topic)
                .clientProperties(settings)
                .build();
        return new RequestSubmitter(publisher, topic, timeout);
    }

    /**
     * Writes the request to the requests topic and waits for Kafka's acknowledgement.
     *
     * @throws RequestNotAcceptedException when Kafka did not acknowledge it in time; the request may still arrive, and
     *                                     sending it again is harmless
     */
    public PublishedRequest submit(InvalidationRequest request) throws InterruptedException {
        try {
            return publisher.publish(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RequestNotAcceptedException(request.id(), topic, e.getCause());
        } catch (TimeoutException e) {
            throw new RequestNotAcceptedException(request.id(), topic, e);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
