package dev.invalidator.service.embedded;

import dev.invalidator.service.capture.CaptureConnector;
import dev.invalidator.service.capture.CaptureSourceSettings;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import dev.invalidator.service.embedded.postgres.EmbeddedDatabase;
import dev.invalidator.service.embedded.redis.EmbeddedRedis;
import dev.invalidator.service.embedded.rules.BundledRules;
import dev.invalidator.service.redis.RedisEndpoint;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run --embedded} and {@code demo} start beside the service, as an {@link EmbeddedPlan} says: a Kafka
 * broker, a PostgreSQL with the demo schema and a capture source on it, a Redis, the bundled rules; each under one
 * data directory ({@code kafka/}, {@code postgres/}, {@code redis/}, {@code rules/}), so that a restart on the same
 * directory finds its topics, offsets, rows, replication slot and rules again.
 *
 * <p>{@link #start} gives the configuration the service then runs with; {@link #close()} stops what was started in
 * reverse order, and may be called from another thread (a shutdown hook) while {@link #start} still runs: the start
 * then stops at the next part. This class adds no shutdown hook: its owner stops the service first and this after.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    /** The capture source on the embedded PostgreSQL; its name keys the offsets and names the replication slot. */
    public static final String CAPTURE_SOURCE = "embedded-shop";
    /** Debezium's topic prefix for it, which the bundled rules' table names start with. */
    public static final String TOPIC_PREFIX = "shop";
    public static final List<String> CAPTURED_TABLES = List.of("public.categories", "public.products");
    /** The capture's replication slot in the embedded PostgreSQL. */
    public static final String CAPTURE_SLOT = "invalidator_embedded_shop";

    private final Path dataDirectory;
    private final Deque<Part> started = new ArrayDeque<>();
    private final List<String> summary = new ArrayList<>();
    private boolean closed;
    private volatile EmbeddedDatabase database;

    private record Part(String name, AutoCloseable resource) {
    }

    public EmbeddedStack(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Starts what {@code plan} says is missing from {@code config} and returns {@code config} completed with it.
     *
     * @param localRedis where a running Redis was looked for (and found, when the plan says {@code LOCAL}); null when
     *     none was looked for
     * @throws EmbeddedException naming the part that failed, after stopping what had started
     */
    public ServiceConfig start(ServiceConfig config, EmbeddedPlan plan, RedisEndpoint localRedis) {
        LOG.info("embedded stack in {}", dataDirectory);
        plan.describe(localRedis).forEach(line -> LOG.info("  {}", line));
        try {
            ServiceConfig result = config;
            if (plan.kafka() == EmbeddedPlan.Start.EMBEDDED) {
                EmbeddedKafka kafka = startPart("Kafka broker", () -> EmbeddedKafka.builder()
                        .dataDirectory(dataDirectory.resolve("kafka"))
                        .closeOnExit(false)
                        .start());
                result = result.with(ServiceFields.KAFKA_BOOTSTRAP_SERVERS, List.of(kafka.bootstrapServers()));
                summary.add(String.format("Kafka       %s (process %d, data %s)", kafka.bootstrapServers(),
                        kafka.process().pid(), kafka.dataDirectory()));
            }
            if (plan.database() == EmbeddedPlan.Start.EMBEDDED) {
                EmbeddedDatabase database = startPart("PostgreSQL",
                        () -> EmbeddedDatabase.start(dataDirectory.resolve("postgres")));
                this.database = database;
                result = result.withCaptureSource(captureSource(database));
                summary.add(String.format("PostgreSQL  127.0.0.1:%d, database %s, user %s (data %s)",
                        database.port(), EmbeddedDatabase.DATABASE, EmbeddedDatabase.USER, database.directory()));
                summary.add(String.format("capture     source %s: %s of %s to topics %s.<schema>.<table>",
                        CAPTURE_SOURCE, String.join(", ", CAPTURED_TABLES), EmbeddedDatabase.DATABASE, TOPIC_PREFIX));
                if (result.get(ServiceFields.KAFKA_TOPICS_CREATE)) {
                    createChangeTopics(result);
                }
            }
            switch (plan.redis()) {
                case EMBEDDED -> {
                    EmbeddedRedis redis = startPart("Redis",
                            () -> EmbeddedRedis.start(dataDirectory.resolve("redis")));
                    result = result.with(ServiceFields.REDIS_HOST, redis.host())
                            .with(ServiceFields.REDIS_PORT, redis.port());
                    summary.add(String.format("Redis       %s:%d (embedded, data %s)", redis.host(), redis.port(),
                            redis.directory()));
                }
                case LOCAL -> {
                    result = result.with(ServiceFields.REDIS_HOST, localRedis.host())
                            .with(ServiceFields.REDIS_PORT, localRedis.port());
                    summary.add("Redis       " + localRedis + " (already running there)");
                }
                case CONFIGURED -> summary.add("Redis       as configured");
            }
            if (plan.rules() == EmbeddedPlan.Start.EMBEDDED) {
                checkNotClosed("rules");
                Path rules = BundledRules.copyIfMissing(dataDirectory.resolve("rules"));
                result = result.with(ServiceFields.RULES_DIRECTORY, rules);
                summary.add("rules       " + rules + " (the bundled shop examples)");
            }
            LOG.info("embedded stack ready:");
            summary.forEach(line -> LOG.info("  {}", line));
            return result;
        } catch (RuntimeException e) {
            close();
            if (e instanceof EmbeddedException) {
                throw e;
            }
            throw new EmbeddedException("cannot start the embedded stack: " + e.getMessage(), e);
        }
    }

    /** One line per part started or found, after {@link #start}: where it listens and keeps its data. */
    public List<String> summary() {
        return List.copyOf(summary);
    }

    /** The embedded PostgreSQL, when {@link #start} started one. */
    public Optional<EmbeddedDatabase> database() {
        return Optional.ofNullable(database);
    }

    /** The capture source {@link #start} adds for the embedded PostgreSQL. */
    static CaptureSourceSettings captureSource(EmbeddedDatabase database) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("database.hostname", "127.0.0.1");
        p.put("database.port", Integer.toString(database.port()));
        p.put("database.user", EmbeddedDatabase.USER);
        p.put("database.password", EmbeddedDatabase.PASSWORD);
        p.put("database.dbname", EmbeddedDatabase.DATABASE);
        p.put("topic.prefix", TOPIC_PREFIX);
        p.put("table.include.list", String.join(",", CAPTURED_TABLES));
        p.put("slot.name", CAPTURE_SLOT);
        // numeric(10,2) prices as text ("4.95") rather than base64 bytes the rules could not read.
        p.put("decimal.handling.mode", "string");
        // Small batches: the demo measures commit-to-cache times; poll.interval.ms keeps the capture's low default.
        p.put("max.batch.size", "512");
        return new CaptureSourceSettings(CAPTURE_SOURCE, CaptureConnector.POSTGRESQL, p);
    }

    /**
     * The change topics exist before the service subscribes: it finds topics created later only at its next metadata
     * refresh, seconds after the first changes.
     */
    private static void createChangeTopics(ServiceConfig config) {
        String bootstrap = String.join(",", config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS));
        try (KafkaTopics topics = KafkaTopics.connect(bootstrap,
                new LinkedHashMap<String, Object>(config.kafkaClientProperties()))) {
            for (String table : CAPTURED_TABLES) {
                topics.createIfAbsent(TOPIC_PREFIX + "." + table, 1);
            }
        }
    }

    private <T extends AutoCloseable> T startPart(String name, Supplier<T> starter) {
        checkNotClosed(name);
        T resource = starter.get();
        synchronized (this) {
            if (!closed) {
                started.push(new Part(name, resource));
                return resource;
            }
        }
        closeQuietly(new Part(name, resource));
        throw new EmbeddedException("stopped while starting: " + name + " was stopped again");
    }

    private synchronized void checkNotClosed(String next) {
        if (closed) {
            throw new EmbeddedException("stopped while starting, before " + next);
        }
    }

    /** Stops every part started, the last one first. Safe to call more than once and from any thread. */
    @Override
    public void close() {
        List<Part> toStop;
        synchronized (this) {
            closed = true;
            toStop = new ArrayList<>(started);
            started.clear();
        }
        for (Part part : toStop) {
            closeQuietly(part);
        }
    }

    private static void closeQuietly(Part part) {
        try {
            part.resource().close();
        } catch (Exception e) {
            // Logged, not thrown: the remaining parts must still be stopped.
            LOG.error("stopping the embedded {} failed: {}", part.name(), e.toString(), e);
        }
    }
}
