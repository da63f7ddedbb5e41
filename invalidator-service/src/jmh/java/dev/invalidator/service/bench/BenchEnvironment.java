package dev.invalidator.service.bench;

import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.service.redis.RedisEndpoint;
import java.util.Map;
import java.util.Objects;

/**
 * What every phase works against: the Kafka cluster, the Redis, the run's names, the rules the service runs with and
 * the Kafka client properties it is given.
 */
record BenchEnvironment(String bootstrapServers, RedisEndpoint redis, BenchNames names, RuleEngine rules,
                        Map<String, String> serviceClient) {

    BenchEnvironment {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(rules, "rules");
        serviceClient = Map.copyOf(serviceClient);
    }
}
