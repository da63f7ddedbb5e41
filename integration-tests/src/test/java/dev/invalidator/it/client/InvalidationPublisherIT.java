package dev.invalidator.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.invalidator.client.publish.InvalidationPublisher;
import dev.invalidator.client.publish.PublishedRequest;
import dev.invalidator.it.infra.KafkaBroker;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher against a real broker: what it sends, read back from the topic with the request codec. */
class InvalidationPublisherIT {

    private static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void publish_requests_readBackWithTheCodecKeyedById() {
        String topic = "requests-" + System.nanoTime();
        try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers())) {
            topics.create(topic, 3);
        }
        PublishedRequest keys;
        PublishedRequest full;
        try (InvalidationPublisher publisher = InvalidationPublisher.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .clientProperty("client.id", "publisher-it")
                .build()) {
            keys = publisher.invalidateKeys("pricing", "product:7", "product:sku:A").join();
            assertThatThrownBy(() -> publisher.invalidateTags("pricing", ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tags/0");
            full = publisher.request("catalog").id("req-42").patterns("category:3:page:*").tags("category:3")
                    .cascade().dryRun().reason("category renamed").publish().join();
        }

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 2);
        InvalidationRequestCodec codec = new InvalidationRequestCodec();
        List<InvalidationRequest> read = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            DecodeResult<InvalidationRequest> decoded = codec.decode(record.value());
            InvalidationRequest request = decoded.decoded().orElseThrow(() ->
                    new AssertionError("unreadable request at offset " + record.offset() + ": "
                            + decoded.violations()));
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).as("record key").isEqualTo(request.id());
            assertThat(record.partition()).isEqualTo(request.id().equals("req-42")
                    ? full.partition() : keys.partition());
            read.add(request);
        }
        assertThat(read).containsExactlyInAnyOrder(
                new InvalidationRequest(keys.requestId(), "pricing", List.of("product:7", "product:sku:A"),
                        List.of(), List.of(), false, false, null),
                new InvalidationRequest("req-42", "catalog", List.of(), List.of("category:3:page:*"),
                        List.of("category:3"), true, true, "category renamed"));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await("records in " + topic).atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(300)).forEach(read::add);
            assertThat(read).as("records in " + topic).hasSize(expected);
            return read;
        }
    }
}
