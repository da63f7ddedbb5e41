package dev.invalidator.service.bench;

import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.service.redis.RedisEndpoint;
import java.util.Objects;

/**
 * What every phase works against: the Kafka cluster, the Redis, the run's names, and the rules the service runs with.
 */
record BenchEnvironment(String bootstrapServers, RedisEndpoint redis, BenchNames names, RuleEngine rules) {

    BenchEnvironment {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(rules, "rules");
    }
}
