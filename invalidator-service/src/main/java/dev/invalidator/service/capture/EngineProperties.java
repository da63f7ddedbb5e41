package dev.invalidator.service.capture;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The Debezium engine's properties for one source: the capture defaults, then the Kafka settings the service
 * already has, then the user's properties, which win over both; only the connector class is always the source's.
 */
final class EngineProperties {

    /** Offsets of every source, keyed inside by the engine's {@code name}. */
    static final String DEFAULT_OFFSET_TOPIC = "invalidator.capture.offsets";

    private EngineProperties() {
    }

    /**
     * @param bootstrapServers the service's Kafka
     * @param kafkaClient      the service's {@code kafka.client.*} properties (security and the like), which the
     *                         offset store and the schema history's clients need as much as the service's own
     */
    static Properties of(CaptureSourceSettings source, String bootstrapServers, Map<String, String> kafkaClient) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", source.name());
        p.put("bootstrap.servers", bootstrapServers);
        kafkaClient.forEach(p::put);

        // Offsets in Kafka, so that a restart resumes where it stopped, on another machine too.
        p.put("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.put("offset.storage.topic", DEFAULT_OFFSET_TOPIC);
        p.put("offset.storage.partitions", "1");
        p.put("offset.storage.replication.factor", "1");
        // Each flush also confirms the position to the database (PostgreSQL frees WAL up to it).
        p.put("offset.flush.interval.ms", "1000");

        // Debezium waits this long twice: the streaming thread whenever the replication stream has nothing pending,
        // and the engine for its queue to fill a batch (it hands over a part-filled one only when this expires).
        // Debezium's 500 ms dominates the latency from commit to Kafka; 10 ms still added about 10 ms per row and
        // slowed the catching up after a stall. 1 ms costs CPU while idle (about 0.4 of a core more than 10 ms in
        // the latency benchmark here; 5 ms about 0.07): sources that need no low latency set more.
        p.put("poll.interval.ms", "1");
        // Debezium skips TRUNCATE by default; the rules act on it.
        p.put("skipped.operations", "none");
        // Events of about a fifth of the size; the service reads both forms.
        p.put("converter.schemas.enable", "false");

        switch (source.connector()) {
            case POSTGRESQL -> {
                String slot = "invalidator_" + source.name().toLowerCase(Locale.ROOT).replace('-', '_');
                p.put("plugin.name", "pgoutput");
                p.put("slot.name", slot);
                p.put("publication.name", slot);
                p.put("publication.autocreate.mode", "filtered");
            }
            case MARIADB -> {
                p.put("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
                p.put("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
                p.put("schema.history.internal.kafka.topic", "invalidator.capture." + source.name()
                        + ".schema-history");
                kafkaClient.forEach((key, value) -> {
                    p.put("schema.history.internal.producer." + key, value);
                    p.put("schema.history.internal.consumer." + key, value);
                });
                p.put("include.schema.changes", "false");
            }
        }

        p.putAll(source.properties());
        p.put("connector.class", source.connector().connectorClass());
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
