package dev.invalidator.service.embedded;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.embedded.redis.RedisProbe;
import dev.invalidator.service.redis.RedisEndpoint;
import java.util.List;

/**
 * What {@code run --embedded} starts, decided from the configuration alone, except for Redis: a Redis that is not
 * configured is looked for at the local address first, and started only when nothing answers there.
 *
 * @param kafka    whether to start a Kafka broker ({@code kafka.bootstrap.servers} not set)
 * @param database whether to start PostgreSQL with the demo schema and capture it (no {@code capture.sources})
 * @param redis    where Redis comes from
 * @param rules    whether to load the bundled example rules ({@code rules.directory} not set)
 */
public record EmbeddedPlan(Start kafka, Start database, RedisSource redis, Start rules) {

    /** Whether a part is taken from the configuration or provided here. */
    public enum Start { CONFIGURED, EMBEDDED }

    /** Where Redis comes from. */
    public enum RedisSource {
        /** {@code redis.host}, {@code redis.port} or {@code redis.cluster.nodes} is set. */
        CONFIGURED,
        /** Nothing configured, and a Redis at the local address answered PING. */
        LOCAL,
        /** Nothing configured, nothing answering locally: an embedded Redis is started. */
        EMBEDDED
    }

    /**
     * @param localRedis where to look for a running Redis when none is configured ({@code 127.0.0.1:6379})
     * @param probe      asked about {@code localRedis} only when no Redis is configured
     */
    public static EmbeddedPlan decide(ServiceConfig config, RedisEndpoint localRedis, RedisProbe probe) {
        Start kafka = config.isSet(ServiceFields.KAFKA_BOOTSTRAP_SERVERS) ? Start.CONFIGURED : Start.EMBEDDED;
        Start database = config.captureSources().isEmpty() ? Start.EMBEDDED : Start.CONFIGURED;
        Start rules = config.isSet(ServiceFields.RULES_DIRECTORY) ? Start.CONFIGURED : Start.EMBEDDED;
        RedisSource redis;
        if (config.isSet(ServiceFields.REDIS_HOST) || config.isSet(ServiceFields.REDIS_PORT)
                || config.isSet(ServiceFields.REDIS_CLUSTER_NODES)) {
            redis = RedisSource.CONFIGURED;
        } else if (probe.answersPing(localRedis)) {
            redis = RedisSource.LOCAL;
        } else {
            redis = RedisSource.EMBEDDED;
        }
        return new EmbeddedPlan(kafka, database, redis, rules);
    }

    /** Whether anything is started at all. */
    public boolean startsAnything() {
        return kafka == Start.EMBEDDED || database == Start.EMBEDDED || redis == RedisSource.EMBEDDED;
    }

    /** One line per part, for the log; {@code localRedis} is where a Redis was looked for, null if nowhere. */
    public List<String> describe(RedisEndpoint localRedis) {
        return List.of(
                "Kafka: " + (kafka == Start.EMBEDDED ? "embedded broker" : "configured ("
                        + ServiceFields.KAFKA_BOOTSTRAP_SERVERS.name() + ")"),
                "database: " + (database == Start.EMBEDDED ? "embedded PostgreSQL with the demo schema, captured"
                        : "configured capture sources"),
                "Redis: " + switch (redis) {
                    case CONFIGURED -> "configured";
                    case LOCAL -> "the one answering on " + localRedis;
                    case EMBEDDED -> localRedis == null ? "embedded"
                            : "embedded (nothing configured, nothing answering on " + localRedis + ")";
                },
                "rules: " + (rules == Start.EMBEDDED ? "the bundled shop examples" : "configured ("
                        + ServiceFields.RULES_DIRECTORY.name() + ")"));
    }
}
