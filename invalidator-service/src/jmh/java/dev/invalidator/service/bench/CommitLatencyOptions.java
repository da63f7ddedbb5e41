package dev.invalidator.service.bench;

import static dev.invalidator.service.bench.BenchProperties.number;
import static dev.invalidator.service.bench.BenchProperties.pairs;
import static dev.invalidator.service.bench.BenchProperties.text;

import dev.invalidator.service.redis.RedisEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * What one run of {@link CommitLatencyBenchmark} does, read from system properties ({@code -Dbench.rate=5000}). An
 * empty value means the default, so that Maven can pass every property through whether the user set it or not.
 *
 * @param rate          rows updated per second
 * @param txRows        rows per transaction
 * @param measured      how long the writer runs after the warm-up; only what it commits then is measured
 * @param warmup        how long the writer runs first, not measured
 * @param tableRows     rows in the table; updates go round them, {@code txRows} distinct rows per transaction
 * @param partitions    partitions of the change topic
 * @param redis         the Redis the service invalidates in
 * @param capture       Debezium properties for the capture source, over the service's capture defaults
 * @param serviceClient Kafka client properties for the service's and the capture's clients, as {@code kafka.client.*}
 */
record CommitLatencyOptions(int rate, int txRows, Duration measured, Duration warmup, int tableRows, int partitions,
                            RedisEndpoint redis, Map<String, String> capture, Map<String, String> serviceClient) {

    static final String RATE = "bench.rate";
    static final String TX_ROWS = "bench.tx-rows";
    static final String SECONDS = "bench.seconds";
    static final String WARMUP = "bench.warmup";
    static final String TABLE_ROWS = "bench.table-rows";
    static final String PARTITIONS = "bench.partitions";
    static final String REDIS = "bench.redis";
    static final String CAPTURE = "bench.capture";
    static final String SERVICE_CLIENT = "bench.serviceClient";

    CommitLatencyOptions {
        if (tableRows < txRows) {
            throw new IllegalArgumentException(TABLE_ROWS + " (" + tableRows + ") must be at least " + TX_ROWS + " ("
                    + txRows + "): a transaction updates distinct rows");
        }
        capture = Map.copyOf(capture);
        serviceClient = Map.copyOf(serviceClient);
    }

    static CommitLatencyOptions from(Properties properties) {
        int rate = number(properties, RATE, 5_000, 1);
        int txRows = number(properties, TX_ROWS, 100, 1);
        int seconds = number(properties, SECONDS, 60, 1);
        int warmup = number(properties, WARMUP, 60, 0);
        int tableRows = number(properties, TABLE_ROWS, 10_000, 1);
        int partitions = number(properties, PARTITIONS, 1, 1);
        String redis = text(properties, REDIS).orElse("127.0.0.1:6379");
        RedisEndpoint endpoint;
        try {
            endpoint = RedisEndpoint.parse(redis);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REDIS + " must be host:port, was '" + redis + "'", e);
        }
        return new CommitLatencyOptions(rate, txRows, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                tableRows, partitions, endpoint, pairs(properties, CAPTURE), pairs(properties, SERVICE_CLIENT));
    }

    /** Transactions per second the writer aims at. */
    double transactionsPerSecond() {
        return (double) rate / txRows;
    }

    /** Rows the writer updates over warm-up and measurement together. */
    long totalRows() {
        long transactions = (long) Math.ceil(transactionsPerSecond() * (warmup.toMillis() + measured.toMillis())
                / 1000.0);
        return transactions * txRows;
    }
}
