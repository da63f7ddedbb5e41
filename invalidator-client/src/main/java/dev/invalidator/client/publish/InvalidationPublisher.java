package dev.invalidator.client.publish;

import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends explicit invalidation requests to the service's requests topic, for services that know better than change
 * data capture what to invalidate (a computed view, a renamed key, a clean-up).
 *
 * <pre>{@code
 * try (InvalidationPublisher publisher = InvalidationPublisher.builder()
 *         .bootstrapServers("kafka:9092")
 *         .build()) {
 *     publisher.invalidateKeys("pricing-service", "product:7", "product:sku:A").join();
 *     publisher.request("pricing-service").tags("category:3").cascade().reason("re-priced").publish().join();
 * }
 * }</pre>
 *
 * <p>Every request is checked before it is sent: by {@link InvalidationRequest}'s constructor and against the request
 * schema through {@link InvalidationRequestCodec}; a bad one throws {@link IllegalArgumentException} naming the field
 * (e.g. {@code /keys/0: must not be empty}) and nothing is sent. A valid one is sent keyed by its id, with
 * {@code acks=all} on an idempotent producer; the returned future completes when the broker acknowledged it, or
 * exceptionally with a {@link PublishException}. Call {@code join()} to wait. Thread-safe.
 */
public final class InvalidationPublisher implements AutoCloseable {

    public static final String DEFAULT_TOPIC = "invalidator.requests";

    /** Producer settings the publisher's guarantees rest on; the builder refuses other values for them. */
    private static final Map<String, String> REQUIRED = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();

    InvalidationPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code request}, keyed by its id.
     *
     * @throws IllegalArgumentException when the request does not match the request schema; nothing is sent
     */
    public CompletableFuture<PublishedRequest> publish(InvalidationRequest request) {
        Objects.requireNonNull(request, "request");
        byte[] json = codec.encode(request);
        // The record's constructor already enforced the schema's rules; reading the bytes back through the schema
        // proves the two still agree, so the service never dead-letters what a publisher sent.
        if (codec.decode(json) instanceof DecodeResult.Rejected<InvalidationRequest> rejected) {
            throw new IllegalArgumentException("invalidation request " + request.id()
                    + " does not match the request schema: " + rejected.describe());
        }
        CompletableFuture<PublishedRequest> acknowledged = new CompletableFuture<>();
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, request.id().getBytes(StandardCharsets.UTF_8), json);
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    acknowledged.completeExceptionally(failed(request, failure));
                } else {
                    acknowledged.complete(new PublishedRequest(request.id(), metadata.topic(),
                            metadata.partition(), metadata.offset()));
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            acknowledged.completeExceptionally(failed(request, e));
        }
        return acknowledged;
    }

    /** Removes exact keys, without cascade, under a fresh request id. */
    public CompletableFuture<PublishedRequest> invalidateKeys(String source, String... keys) {
        return request(source).keys(keys).publish();
    }

    /** Removes the keys stored under these tags, without cascade, under a fresh request id. */
    public CompletableFuture<PublishedRequest> invalidateTags(String source, String... tags) {
        return request(source).tags(tags).publish();
    }

    /** Removes the keys matching these Redis glob patterns, under a fresh request id. */
    public CompletableFuture<PublishedRequest> invalidatePatterns(String source, String... patterns) {
        return request(source).patterns(patterns).publish();
    }

    /**
     * Bumps the version counters of these versioned keys, under a fresh request id: every value cached under an
     * older version becomes unreachable at once.
     */
    public CompletableFuture<PublishedRequest> invalidateVersions(String source, String... versionedKeys) {
        return request(source).versions(versionedKeys).publish();
    }

    /** A request from {@code source} to fill in: targets, cascade, dry run, reason, id. */
    public RequestBuilder request(String source) {
        return new RequestBuilder(source);
    }

    /** Sends what is buffered and closes the producer. */
    @Override
    public void close() {
        producer.close();
    }

    private PublishException failed(InvalidationRequest request, Throwable cause) {
        return new PublishException("could not publish invalidation request " + request.id() + " to topic " + topic
                + ": " + cause.getMessage(), cause);
    }

    /** One request to publish; the id defaults to a random UUID. Not thread-safe: one per request. */
    public final class RequestBuilder {

        private final String source;
        private final List<String> keys = new ArrayList<>();
        private final List<String> patterns = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private final List<String> versions = new ArrayList<>();
        private boolean cascade;
        private boolean dryRun;
        private boolean soft;
        private String reason;
        private String id;

        private RequestBuilder(String source) {
            this.source = source;
        }

        public RequestBuilder keys(String... keys) {
            this.keys.addAll(List.of(keys));
            return this;
        }

        public RequestBuilder patterns(String... patterns) {
            this.patterns.addAll(List.of(patterns));
            return this;
        }

        public RequestBuilder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        /** Versioned keys whose version counters the service bumps instead of removing anything. */
        public RequestBuilder versions(String... versionedKeys) {
            this.versions.addAll(List.of(versionedKeys));
            return this;
        }

        /** Also invalidate the registered dependents of the removed keys. */
        public RequestBuilder cascade() {
            this.cascade = true;
            return this;
        }

        /** Have the service report what it would invalidate, and change nothing. */
        public RequestBuilder dryRun() {
            this.dryRun = true;
            return this;
        }

        /**
         * A soft invalidation: Redis is invalidated as usual, but near-caches keep the entries, marked stale, and
         * refresh them in the background within their maximum staleness instead of dropping them.
         */
        public RequestBuilder soft() {
            this.soft = true;
            return this;
        }

        public RequestBuilder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** The request's id, unique per request; the service deduplicates by it. */
        public RequestBuilder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Validates and sends the request.
         *
         * @throws IllegalArgumentException naming the field, when the request is not valid; nothing is sent
         */
        public CompletableFuture<PublishedRequest> publish() {
            String requestId = id != null ? id : UUID.randomUUID().toString();
            return InvalidationPublisher.this.publish(
                    new InvalidationRequest(requestId, source, keys, patterns, tags, versions, cascade, dryRun,
                            reason, soft));
        }
    }

    /** Configures an {@link InvalidationPublisher}; only the bootstrap servers are required. */
    public static final class Builder {

        private final Map<String, Object> properties = new LinkedHashMap<>();
        private String topic = DEFAULT_TOPIC;

        private Builder() {
        }

        /** Kafka's {@code bootstrap.servers}, e.g. {@code kafka-1:9092,kafka-2:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
            return this;
        }

        /** The service's requests topic ({@code kafka.requests.topic}), default {@value InvalidationPublisher#DEFAULT_TOPIC}. */
        public Builder topic(String topic) {
            Objects.requireNonNull(topic, "topic");
            if (topic.isBlank()) {
                throw new IllegalArgumentException("the requests topic must not be blank");
            }
            this.topic = topic;
            return this;
        }

        /**
         * A Kafka producer setting (security, timeouts, client.id, ...). {@code acks}, {@code enable.idempotence}
         * and the serializers are the publisher's own: setting them to other values than it uses is refused.
         */
        public Builder clientProperty(String name, Object value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value of " + name);
            String required = REQUIRED.get(name);
            if (required != null && !required.equals(String.valueOf(value))
                    && !(value instanceof Class<?> type && required.equals(type.getName()))) {
                throw new IllegalArgumentException("producer setting " + name + "=" + value + " is not allowed: "
                        + "the publisher needs " + name + "=" + required);
            }
            properties.put(name, value);
            return this;
        }

        /** {@link #clientProperty} for each entry. */
        public Builder clientProperties(Map<String, ?> properties) {
            properties.forEach(this::clientProperty);
            return this;
        }

        public InvalidationPublisher build() {
            if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalStateException("an InvalidationPublisher needs Kafka's bootstrap servers: call "
                        + "bootstrapServers(...) or set " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
            }
            Map<String, Object> config = new LinkedHashMap<>(properties);
            config.putAll(REQUIRED);
            return new InvalidationPublisher(new KafkaProducer<>(config), topic);
        }
    }
}
