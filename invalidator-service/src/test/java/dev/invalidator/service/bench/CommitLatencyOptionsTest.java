package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.service.redis.RedisEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CommitLatencyOptionsTest {

    @Test
    void from_emptyValuesAsMavenPassesThem_givesTheDefaults() {
        Properties properties = new Properties();
        for (String name : new String[] {CommitLatencyOptions.RATE, CommitLatencyOptions.TX_ROWS,
                CommitLatencyOptions.SECONDS, CommitLatencyOptions.WARMUP, CommitLatencyOptions.TABLE_ROWS,
                CommitLatencyOptions.PARTITIONS, CommitLatencyOptions.REDIS, CommitLatencyOptions.CAPTURE,
                CommitLatencyOptions.SERVICE_CLIENT}) {
            properties.setProperty(name, "");
        }

        CommitLatencyOptions options = CommitLatencyOptions.from(properties);

        assertThat(options).isEqualTo(new CommitLatencyOptions(5_000, 100, Duration.ofSeconds(60),
                Duration.ofSeconds(60), 10_000, 1, new RedisEndpoint("127.0.0.1", 6379), Map.of(), Map.of()));
        assertThat(options.transactionsPerSecond()).isEqualTo(50.0);
        assertThat(options.totalRows()).as("120 s at 5,000 rows/s").isEqualTo(600_000);
    }

    @Test
    void from_everyValueSet_usesThem() {
        Properties properties = new Properties();
        properties.setProperty(CommitLatencyOptions.RATE, "2_000");
        properties.setProperty(CommitLatencyOptions.TX_ROWS, "10");
        properties.setProperty(CommitLatencyOptions.SECONDS, "5");
        properties.setProperty(CommitLatencyOptions.WARMUP, "0");
        properties.setProperty(CommitLatencyOptions.TABLE_ROWS, "100");
        properties.setProperty(CommitLatencyOptions.PARTITIONS, "3");
        properties.setProperty(CommitLatencyOptions.REDIS, "redis-1:6380");
        properties.setProperty(CommitLatencyOptions.CAPTURE, "poll.interval.ms=5, max.batch.size = 512");
        properties.setProperty(CommitLatencyOptions.SERVICE_CLIENT, "linger.ms=1");

        CommitLatencyOptions options = CommitLatencyOptions.from(properties);

        assertThat(options).isEqualTo(new CommitLatencyOptions(2_000, 10, Duration.ofSeconds(5), Duration.ZERO, 100,
                3, new RedisEndpoint("redis-1", 6380), Map.of("poll.interval.ms", "5", "max.batch.size", "512"),
                Map.of("linger.ms", "1")));
        assertThat(options.totalRows()).isEqualTo(10_000);
    }

    @Test
    void from_fewerTableRowsThanRowsPerTransaction_namesBoth() {
        Properties properties = new Properties();
        properties.setProperty(CommitLatencyOptions.TABLE_ROWS, "50");

        assertThatThrownBy(() -> CommitLatencyOptions.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CommitLatencyOptions.TABLE_ROWS)
                .hasMessageContaining(CommitLatencyOptions.TX_ROWS);
    }

    @Test
    void from_badRedisOrPair_namesTheProperty() {
        Properties redis = new Properties();
        redis.setProperty(CommitLatencyOptions.REDIS, "localhost");
        Properties capture = new Properties();
        capture.setProperty(CommitLatencyOptions.CAPTURE, "poll.interval.ms");

        assertThatThrownBy(() -> CommitLatencyOptions.from(redis)).hasMessageContaining(CommitLatencyOptions.REDIS);
        assertThatThrownBy(() -> CommitLatencyOptions.from(capture))
                .hasMessageContaining(CommitLatencyOptions.CAPTURE);
    }
}
