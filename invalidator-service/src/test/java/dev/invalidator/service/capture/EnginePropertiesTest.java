package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnginePropertiesTest {

    @Test
    void of_postgresWithoutOverrides_lowLatencyKafkaOffsetsAndTruncates() {
        Properties p = EngineProperties.of(new CaptureSourceSettings("shop-eu", CaptureConnector.POSTGRESQL,
                Map.of("topic.prefix", "shop")), "k1:9092,k2:9092", Map.of());

        assertThat(p).containsEntry("name", "shop-eu")
                .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore")
                .containsEntry("offset.storage.topic", "invalidator.capture.offsets")
                .containsEntry("offset.storage.replication.factor", "1")
                .containsEntry("poll.interval.ms", "1")
                .containsEntry("skipped.operations", "none")
                .containsEntry("converter.schemas.enable", "false")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("slot.name", "invalidator_shop_eu")
                .containsEntry("topic.prefix", "shop")
                .doesNotContainKey("slot.drop.on.stop")
                .doesNotContainKey("schema.history.internal");
    }

    @Test
    void of_userProperties_winOverDefaultsButNotOverTheConnector() {
        Properties p = EngineProperties.of(new CaptureSourceSettings("shop", CaptureConnector.POSTGRESQL, Map.of(
                "poll.interval.ms", "100",
                "converter.schemas.enable", "true",
                "offset.storage.replication.factor", "3",
                "slot.name", "mine")), "k:9092", Map.of("security.protocol", "SSL"));

        assertThat(p).containsEntry("poll.interval.ms", "100")
                .containsEntry("converter.schemas.enable", "true")
                .containsEntry("offset.storage.replication.factor", "3")
                .containsEntry("slot.name", "mine")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void of_mariadb_schemaHistoryInKafka() {
        Properties p = EngineProperties.of(new CaptureSourceSettings("billing", CaptureConnector.MARIADB,
                Map.of()), "k:9092", Map.of("security.protocol", "SSL"));

        assertThat(p).containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
                .containsEntry("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory")
                .containsEntry("schema.history.internal.kafka.bootstrap.servers", "k:9092")
                .containsEntry("schema.history.internal.kafka.topic", "invalidator.capture.billing.schema-history")
                .containsEntry("schema.history.internal.producer.security.protocol", "SSL")
                .containsEntry("schema.history.internal.consumer.security.protocol", "SSL")
                .doesNotContainKey("slot.name");
    }
}
