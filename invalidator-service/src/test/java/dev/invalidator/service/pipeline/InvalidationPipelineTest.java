package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class InvalidationPipelineTest {

    @Test
    void consumerConfig_noMaxPollRecordsGiven_pollsUpToTwoThousand() {
        PipelineSettings settings = PipelineSettings.of("127.0.0.1:9092", "group", Pattern.compile("pg\\..*"),
                "dead-letters");

        assertThat(InvalidationPipeline.consumerConfig(settings))
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "group");
    }

    @Test
    void consumerConfig_maxPollRecordsInTheClientSettings_keepsIt() {
        PipelineSettings settings = new PipelineSettings("127.0.0.1:9092", "group", Pattern.compile("pg\\..*"),
                Optional.empty(), "dead-letters", Duration.ofMillis(500),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true"));

        assertThat(InvalidationPipeline.consumerConfig(settings))
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500")
                .as("the pipeline commits itself, whatever the settings say")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }
}
