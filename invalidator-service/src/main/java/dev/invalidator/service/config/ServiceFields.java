package dev.invalidator.service.config;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.service.redis.CascadeLimits;
import dev.invalidator.service.redis.PatternBudget;
import dev.invalidator.service.redis.RedisEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every configuration key of the service, declared once, in the order of the reference table. */
public final class ServiceFields {

    public static final Field<Path> RULES_DIRECTORY = Field.of("rules.directory", FieldType.PATH, Path.of("rules"),
            Validator.any(), "Directory of the rule files (`*.yaml`) the service loads.");

    public static final Field<List<String>> KAFKA_BOOTSTRAP_SERVERS = Field.of("kafka.bootstrap.servers",
            FieldType.LIST, List.of("localhost:9092"), Validator.notEmptyList(),
            "Kafka brokers to connect to first, as `host:port`.");

    public static final Field<String> KAFKA_GROUP_ID = Field.of("kafka.group.id", FieldType.STRING, "invalidator",
            Validator.notBlank(), "Consumer group shared by all instances of the service.");

    public static final Field<String> KAFKA_TOPICS_PATTERN = Field.optional("kafka.topics.pattern", FieldType.STRING,
            Validator.regex(), "Regular expression of the change topics to consume; derived from the rules' tables "
                    + "when unset.");

    public static final Field<String> KAFKA_REQUESTS_TOPIC = Field.of("kafka.requests.topic", FieldType.STRING,
            "invalidator.requests", Validator.notBlank(), "Topic of explicit invalidation requests.");

    public static final Field<String> KAFKA_DEAD_LETTER_TOPIC = Field.of("kafka.dead-letter.topic", FieldType.STRING,
            "invalidator.dead-letter", Validator.notBlank(),
            "Topic receiving unreadable events, failing events and invalid requests.");

    public static final Field<String> KAFKA_BROADCAST_TOPIC = Field.of("kafka.broadcast.topic", FieldType.STRING,
            "invalidator.broadcast", Validator.notBlank(),
            "Topic on which every applied invalidation is broadcast to application nodes.");

    public static final Field<Boolean> KAFKA_TOPICS_CREATE = Field.of("kafka.topics.create", FieldType.BOOLEAN, true,
            Validator.any(), "Whether the service creates its requests, dead-letter and broadcast topics when they are "
                    + "missing, with one partition each and the broker's default replication.");

    public static final Field<String> BROADCAST_TRANSPORT = Field.of("broadcast.transport", FieldType.STRING, "kafka",
            Validator.oneOf("kafka", "redis", "none"), "Where broadcasts go: `kafka` (the broadcast topic), `redis` "
                    + "(Pub/Sub on the namespace's broadcast channel), or `none`.");

    public static final Field<String> BROADCAST_PUBLISHER_ID = Field.optional("broadcast.publisher-id",
            FieldType.STRING, Validator.notBlank(), "This instance's id in its broadcasts, distinct for every instance "
                    + "and stable across restarts; the host name when unset.");

    public static final Field<Duration> BROADCAST_HEARTBEAT_INTERVAL = Field.of("broadcast.heartbeat-interval",
            FieldType.DURATION, Duration.ofSeconds(5), Validator.positive(),
            "Longest time without a broadcast: a heartbeat goes out when nothing was invalidated for this long.");

    public static final Field<String> REDIS_HOST = Field.of("redis.host", FieldType.STRING, "localhost",
            Validator.notBlank(), "Redis host name or address.");

    public static final Field<Integer> REDIS_PORT = Field.of("redis.port", FieldType.INT, 6379,
            Validator.between(1, 65535), "Redis port.");

    public static final Field<List<String>> REDIS_CLUSTER_NODES = Field.optional("redis.cluster.nodes",
            FieldType.LIST, ServiceFields::hostPorts, "Seed nodes of a Redis Cluster as `host:port`; when set, "
                    + "Redis Cluster mode is used and `redis.host` and `redis.port` are ignored.");

    public static final Field<String> REDIS_USER = Field.optional("redis.user", FieldType.STRING,
            Validator.notBlank(), "Redis ACL user (needs `redis.password`); the default user when unset.");

    public static final Field<String> REDIS_PASSWORD = Field.optional("redis.password", FieldType.STRING,
            Validator.notBlank(), "Redis password (of the ACL user, or `requirepass`); none when unset.").asSecret();

    public static final Field<Boolean> REDIS_TLS = Field.of("redis.tls", FieldType.BOOLEAN, false, Validator.any(),
            "Whether to connect to Redis over TLS, trusting the JVM's trust store; each server's certificate must name "
                    + "the host connected to.");

    public static final Field<String> REDIS_NAMESPACE = Field.of("redis.namespace", FieldType.STRING, "inv:",
            ServiceFields::namespace, "Prefix of the invalidator's own Redis keys; clients must use the same one.");

    public static final Field<List<String>> TAGS_GENERATION_PREFIXES = Field.of("tags.generation-prefixes",
            FieldType.LIST, List.of(), Validator.any(), "Tag namespaces (prefixes such as `category:`) invalidated "
                    + "by generation: one INCR of the tag's generation instead of removing its set's members; clients "
                    + "must be given the same list. None when empty.");

    public static final Field<Integer> LIMITS_CASCADE_DEPTH = Field.of("limits.cascade.depth", FieldType.INT,
            CascadeLimits.DEFAULTS.maxDepth(), Validator.atLeast(1),
            "Levels of dependents one cascade follows at most.");

    public static final Field<Integer> LIMITS_CASCADE_FANOUT = Field.of("limits.cascade.fanout", FieldType.INT,
            CascadeLimits.DEFAULTS.maxFanOut(), Validator.atLeast(1),
            "Dependents one cascade removes at most.");

    public static final Field<Long> LIMITS_PATTERN_KEYS_SCANNED = Field.of("limits.pattern.keys-scanned",
            FieldType.LONG, PatternBudget.DEFAULTS.maxKeysScanned(), Validator.atLeast(1L),
            "Redis keys one pattern's SCAN examines at most.");

    public static final Field<Duration> LIMITS_PATTERN_TIME = Field.of("limits.pattern.time", FieldType.DURATION,
            PatternBudget.DEFAULTS.maxDuration(), Validator.positive(), "Time one pattern's SCAN may take at most.");

    public static final Field<Integer> HTTP_PORT = Field.of("http.port", FieldType.INT, 8080,
            Validator.between(0, 65535), "Port of the health, metrics and admin HTTP endpoints; 0 picks a free one.");

    public static final Field<String> HTTP_ADMIN_TOKEN = Field.optional("http.admin-token", FieldType.STRING,
            Validator.notBlank(), "Bearer token the mutating HTTP endpoints require; they are off when unset.")
            .asSecret();

    public static final Field<Duration> RETRY_INITIAL_BACKOFF = Field.of("retry.initial-backoff", FieldType.DURATION,
            Duration.ofMillis(100), Validator.positive(),
            "First wait before retrying when Redis or Kafka is unreachable.");

    public static final Field<Duration> RETRY_MAX_BACKOFF = Field.of("retry.max-backoff", FieldType.DURATION,
            Duration.ofSeconds(30), Validator.positive(), "Longest wait between retries; each wait doubles up to it.");

    public static final Field<Integer> PIPELINE_PLANNING_THREADS = Field.of("pipeline.planning-threads",
            FieldType.INT, 0, Validator.between(0, 64),
            "Threads that read and plan the change events of a poll batch of 256 records or more, the pipeline's own "
                    + "included; 0 means one per available processor, at most 4.");

    /** Every key, in table order. */
    public static final List<Field<?>> ALL = List.of(RULES_DIRECTORY, KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID,
            KAFKA_TOPICS_PATTERN, KAFKA_REQUESTS_TOPIC, KAFKA_DEAD_LETTER_TOPIC, KAFKA_BROADCAST_TOPIC, KAFKA_TOPICS_CREATE,
            BROADCAST_TRANSPORT, BROADCAST_PUBLISHER_ID, BROADCAST_HEARTBEAT_INTERVAL, REDIS_HOST, REDIS_PORT,
            REDIS_CLUSTER_NODES, REDIS_USER, REDIS_PASSWORD, REDIS_TLS, REDIS_NAMESPACE, TAGS_GENERATION_PREFIXES,
            LIMITS_CASCADE_DEPTH,
            LIMITS_CASCADE_FANOUT, LIMITS_PATTERN_KEYS_SCANNED, LIMITS_PATTERN_TIME, HTTP_PORT, HTTP_ADMIN_TOKEN,
            RETRY_INITIAL_BACKOFF, RETRY_MAX_BACKOFF, PIPELINE_PLANNING_THREADS);

    /** Keys under this prefix are Kafka client properties, passed to the Kafka clients as given. */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    /**
     * Keys under this prefix declare capture sources: {@code capture.sources.<name>.connector} ({@code postgresql} or
     * {@code mariadb}) and {@code capture.sources.<name>.properties.*} (Debezium properties, passed through).
     */
    public static final String CAPTURE_SOURCES_PREFIX = "capture.sources.";

    private ServiceFields() {
    }

    private static Optional<String> hostPorts(List<String> entries) {
        if (entries.isEmpty()) {
            return Optional.of("must name at least one node");
        }
        for (String entry : entries) {
            try {
                RedisEndpoint.parse(entry);
            } catch (IllegalArgumentException e) {
                return Optional.of("must list host:port entries: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> namespace(String value) {
        try {
            new RedisKeyLayout(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("must be a valid namespace: " + e.getMessage());
        }
    }
}
