package dev.invalidator.service.bench;

import static dev.invalidator.service.bench.BenchProperties.number;
import static dev.invalidator.service.bench.BenchProperties.pairs;
import static dev.invalidator.service.bench.BenchProperties.text;

import dev.invalidator.service.redis.RedisEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What one benchmark run does, read from system properties ({@code -Dbench.events=200000}). An empty value means the
 * default, so that Maven can pass every property through whether the user set it or not.
 *
 * @param events           change events in the measured throughput phases
 * @param partitions       partitions of each change topic; events are spread over them round-robin
 * @param warmupEvents     events of the warm-up round run before measuring; 0 measures a cold JVM
 * @param latencyDuration  how long the latency phase produces
 * @param latencyRate      events per second the latency phase produces; 0 for half the service's measured rate
 * @param bootstrapServers a Kafka cluster to use; empty starts an embedded broker
 * @param redis            the Redis to invalidate in
 * @param golden           the golden Debezium records; the first update among them is the template of every event
 * @param serviceClient    Kafka client properties for the service's consumer and producers, as the service's
 *                         {@code kafka.client.*} keys give them
 */
record BenchOptions(int events, int partitions, int warmupEvents, Duration latencyDuration, int latencyRate,
                    Optional<String> bootstrapServers, RedisEndpoint redis, Path golden,
                    Map<String, String> serviceClient) {

    static final String EVENTS = "bench.events";
    static final String PARTITIONS = "bench.partitions";
    static final String WARMUP_EVENTS = "bench.warmupEvents";
    static final String LATENCY_SECONDS = "bench.latencySeconds";
    static final String LATENCY_RATE = "bench.latencyRate";
    static final String BOOTSTRAP = "bench.bootstrap";
    static final String REDIS = "bench.redis";
    static final String GOLDEN = "bench.golden";
    static final String SERVICE_CLIENT = "bench.serviceClient";

    static final String DEFAULT_GOLDEN =
            "../event-schemas/src/test/resources/golden/postgres/pg-default-identity-schemas-off.jsonl";

    BenchOptions {
        Objects.requireNonNull(latencyDuration, "latencyDuration");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(golden, "golden");
        serviceClient = Map.copyOf(serviceClient);
    }

    /** The options set in {@code properties}, defaults for the rest. */
    static BenchOptions from(Properties properties) {
        int events = number(properties, EVENTS, 200_000, 1);
        int partitions = number(properties, PARTITIONS, 4, 1);
        int warmup = number(properties, WARMUP_EVENTS, 50_000, 0);
        int latencySeconds = number(properties, LATENCY_SECONDS, 10, 1);
        int latencyRate = number(properties, LATENCY_RATE, 0, 0);
        Optional<String> bootstrap = text(properties, BOOTSTRAP);
        RedisEndpoint redis = redis(text(properties, REDIS).orElse("127.0.0.1:6379"));
        Path golden = Path.of(text(properties, GOLDEN).orElse(DEFAULT_GOLDEN));
        if (!Files.isRegularFile(golden)) {
            throw new IllegalArgumentException(GOLDEN + ": no file " + golden.toAbsolutePath().normalize()
                    + "; run from the invalidator-service folder or point " + GOLDEN + " at "
                    + DEFAULT_GOLDEN.substring(3));
        }
        Map<String, String> serviceClient = pairs(properties, SERVICE_CLIENT);
        return new BenchOptions(events, partitions, warmup, Duration.ofSeconds(latencySeconds), latencyRate,
                bootstrap, redis,
                golden, serviceClient);
    }

    boolean warm() {
        return warmupEvents > 0;
    }

    private static RedisEndpoint redis(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        try {
            if (colon > 0) {
                return new RedisEndpoint(hostAndPort.substring(0, colon),
                        Integer.parseInt(hostAndPort.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            // reported below with the property's name
        }
        throw new IllegalArgumentException(REDIS + " must be host:port with a port in 1..65535, was '" + hostAndPort
                + "'");
    }
}
