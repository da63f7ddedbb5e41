package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.service.redis.RedisEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void from_emptyValuesAsMavenPassesThem_givesTheDefaults() {
        Properties properties = new Properties();
        for (String name : new String[] {BenchOptions.EVENTS, BenchOptions.PARTITIONS, BenchOptions.WARMUP_EVENTS,
                BenchOptions.LATENCY_SECONDS, BenchOptions.LATENCY_RATE, BenchOptions.BOOTSTRAP, BenchOptions.REDIS, BenchOptions.GOLDEN,
                BenchOptions.SERVICE_CLIENT}) {
            properties.setProperty(name, "");
        }

        BenchOptions options = BenchOptions.from(properties);

        assertThat(options).isEqualTo(new BenchOptions(200_000, 4, 50_000, Duration.ofSeconds(10), 0, Optional.empty(),
                new RedisEndpoint("127.0.0.1", 6379), Path.of(BenchOptions.DEFAULT_GOLDEN), Map.of()));
        assertThat(options.warm()).isTrue();
    }

    @Test
    void from_everyValueSet_usesThem() {
        Properties properties = new Properties();
        properties.setProperty(BenchOptions.EVENTS, "1_000");
        properties.setProperty(BenchOptions.PARTITIONS, "2");
        properties.setProperty(BenchOptions.WARMUP_EVENTS, "0");
        properties.setProperty(BenchOptions.LATENCY_SECONDS, "3");
        properties.setProperty(BenchOptions.LATENCY_RATE, "10000");
        properties.setProperty(BenchOptions.BOOTSTRAP, "kafka-1:9092");
        properties.setProperty(BenchOptions.REDIS, "redis-1:6380");
        properties.setProperty(BenchOptions.SERVICE_CLIENT, "max.poll.records=2000, linger.ms = 1");

        BenchOptions options = BenchOptions.from(properties);

        assertThat(options.events()).isEqualTo(1_000);
        assertThat(options.partitions()).isEqualTo(2);
        assertThat(options.warm()).as("warm-up of 0 events").isFalse();
        assertThat(options.latencyDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.latencyRate()).isEqualTo(10_000);
        assertThat(options.bootstrapServers()).contains("kafka-1:9092");
        assertThat(options.redis()).isEqualTo(new RedisEndpoint("redis-1", 6380));
        assertThat(options.serviceClient()).containsExactlyInAnyOrderEntriesOf(
                Map.of("max.poll.records", "2000", "linger.ms", "1"));
    }

    @Test
    void from_clientPropertyWithoutValue_namesTheProperty() {
        Properties properties = new Properties();
        properties.setProperty(BenchOptions.SERVICE_CLIENT, "max.poll.records");

        assertThatThrownBy(() -> BenchOptions.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench.serviceClient must be key=value pairs separated by commas, had 'max.poll.records'");
    }

    @Test
    void from_badNumber_namesTheProperty() {
        Properties properties = new Properties();
        properties.setProperty(BenchOptions.PARTITIONS, "0");

        assertThatThrownBy(() -> BenchOptions.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench.partitions must be a whole number of at least 1, was '0'");
    }

    @Test
    void from_redisWithoutPort_namesTheProperty() {
        Properties properties = new Properties();
        properties.setProperty(BenchOptions.REDIS, "localhost");

        assertThatThrownBy(() -> BenchOptions.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bench.redis must be host:port");
    }

    @Test
    void from_missingGoldenFile_namesThePropertyAndTheFile() {
        Properties properties = new Properties();
        properties.setProperty(BenchOptions.GOLDEN, "no/such.jsonl");

        assertThatThrownBy(() -> BenchOptions.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bench.golden: no file ")
                .hasMessageContaining("such.jsonl");
    }
}
