package dev.invalidator.service.bench;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The plain consumers of the raw and naive phases: Kafka's defaults, except that a poll returns up to as many records
 * as the service's own consumer takes, so that every phase reads in the same batches.
 */
final class Consumers {

    private Consumers() {
    }

    /** A consumer in a group of its own that reads from the start and commits only when told. */
    static KafkaConsumer<byte[], byte[]> create(String bootstrapServers, String group) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
