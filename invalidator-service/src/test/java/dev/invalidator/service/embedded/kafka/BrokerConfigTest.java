package dev.invalidator.service.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    private static final Path LOGS = Path.of("/data/kafka-logs");

    @Test
    void render_combinedNodeOnLoopback_withBothListeners() throws IOException {
        Properties properties = parse(BrokerConfig.of(9092, 9093, LOGS, Map.of()).render());

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", "/data/kafka-logs");
    }

    @Test
    void render_internalTopicsHaveReplicationFactorOne_andGroupsJoinWithoutDelay() throws IOException {
        Properties properties = parse(BrokerConfig.of(9092, 9093, LOGS, Map.of()).render());

        assertThat(properties)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void of_override_replacesDefault() throws IOException {
        Properties properties = parse(BrokerConfig.of(9092, 9093, LOGS,
                Map.of("auto.create.topics.enable", "true", "log.retention.hours", "1")).render());

        assertThat(properties)
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("log.retention.hours", "1");
    }

    @Test
    void of_overrideOfFixedKey_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> BrokerConfig.of(9092, 9093, LOGS, Map.of("listeners", "PLAINTEXT://:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'listeners'")
                .hasMessageContaining("cannot be overridden");
    }

    @Test
    void render_valueWithBackslash_readsBackUnchanged() throws IOException {
        Path windowsLike = Path.of("C:\\kafka\\logs");

        Properties properties = parse(BrokerConfig.of(9092, 9093, windowsLike, Map.of()).render());

        assertThat(properties.getProperty("log.dirs")).isEqualTo(windowsLike.toAbsolutePath().toString());
    }

    private static Properties parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
