package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.it.infra.Infrastructure;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.Tombstone;
import dev.invalidator.service.capture.CaptureConnector;
import dev.invalidator.service.capture.CaptureSource;
import dev.invalidator.service.capture.CaptureSourceSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A capture source ({@link CaptureSource}, in this JVM) on a real PostgreSQL with logical WAL and on a real MariaDB
 * with a row-based binlog, writing to a real Kafka broker; what arrives is read back with the service's own
 * {@link ChangeEventReader}. The broker and the databases follow the {@link Infrastructure} switch.
 */
class CaptureSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestKafka kafka = new TestKafka();

    @RegisterExtension
    static final TestPostgres postgres = new TestPostgres();

    @RegisterExtension
    static final TestMariaDb mariadb = new TestMariaDb();

    @Test
    void start_postgresChangesThenRestart_everyChangeOnceWithoutSecondSnapshot() throws Exception {
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        String table = run + ".products";
        String topic = "shop." + table;
        String source = "shop_" + run;
        CaptureSourceSettings settings = new CaptureSourceSettings(source, CaptureConnector.POSTGRESQL,
                settings(postgres, source, run, "shop"));

        try (Connection db = postgres.connect();
             KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            sql(db, "CREATE SCHEMA " + run,
                    "CREATE TABLE " + table + " (id integer PRIMARY KEY, name text NOT NULL, price integer)",
                    "INSERT INTO " + table + " VALUES (1, 'kettle', 30)");
            List<String> seen = new ArrayList<>();

            try (CaptureSource capture = start(settings)) {
                awaitStreaming(postgres, source, capture);
                sql(db, "INSERT INTO " + table + " VALUES (2, 'teapot', 20)",
                        "UPDATE " + table + " SET price = 25 WHERE id = 2",
                        "DELETE FROM " + table + " WHERE id = 2",
                        "TRUNCATE " + table);
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t"));
            }

            // Written while no capture runs: the slot keeps them, the offsets in Kafka say where to go on.
            sql(db, "INSERT INTO " + table + " VALUES (3, 'mug', 5)",
                    "UPDATE " + table + " SET price = 6 WHERE id = 3");
            try (CaptureSource capture = start(settings)) {
                awaitStreaming(postgres, source, capture);
                sql(db, "DELETE FROM " + table + " WHERE id = 3");
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t",
                        "c:3", "u:3", "d:3", "tombstone"));
                // Nothing else trickles in after them: no second snapshot, no replay.
                consumeFor(consumer, seen, Duration.ofSeconds(2));
                assertThat(seen).containsExactly("r:1", "c:2", "u:2", "d:2", "tombstone", "t",
                        "c:3", "u:3", "d:3", "tombstone");
                assertThat(capture.failure()).isEmpty();
            }
            postgres.dropSlot(source);
        }
    }

    @Test
    void start_mariadbChangesThenRestart_everyChangeOnceWithSchemaHistoryInKafka() throws Exception {
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        String table = run + ".products";
        String topic = "billing." + table;
        try (Connection db = mariadb.connect();
             KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            CaptureSourceSettings settings = new CaptureSourceSettings("billing-" + run, CaptureConnector.MARIADB,
                    settings(mariadb, "billing-" + run, run, "billing"));
            sql(db, "CREATE DATABASE " + run,
                    "CREATE TABLE " + table + " (id integer PRIMARY KEY, name text NOT NULL, price integer)",
                    "INSERT INTO " + table + " VALUES (1, 'kettle', 30)");
            List<String> seen = new ArrayList<>();

            try (CaptureSource capture = start(settings)) {
                // The snapshot's row first: later writes are then past the binlog position it started from.
                awaitOps(consumer, seen, List.of("r:1"));
                sql(db, "INSERT INTO " + table + " VALUES (2, 'teapot', 20)",
                        "UPDATE " + table + " SET price = 25 WHERE id = 2",
                        "DELETE FROM " + table + " WHERE id = 2",
                        "TRUNCATE TABLE " + table,
                        // Not the last event before the stop: a TRUNCATE that was came again after the restart
                        // (at least once, harmless to invalidation); row changes arrive exactly once.
                        "INSERT INTO " + table + " VALUES (4, 'cup', 4)");
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4"));
            }

            sql(db, "INSERT INTO " + table + " VALUES (3, 'mug', 5)",
                    "UPDATE " + table + " SET price = 6 WHERE id = 3");
            try (CaptureSource capture = start(settings)) {
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4", "c:3", "u:3"));
                sql(db, "DELETE FROM " + table + " WHERE id = 3");
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4",
                        "c:3", "u:3", "d:3", "tombstone"));
                consumeFor(consumer, seen, Duration.ofSeconds(2));
                assertThat(seen).containsExactly("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4",
                        "c:3", "u:3", "d:3", "tombstone");
                assertThat(capture.failure()).isEmpty();
            }
        }
    }

    /** The database's properties for a source on {@code schema}, with offsets on a topic of the test's own. */
    private static Map<String, String> settings(CaptureDatabase database, String source, String schema,
                                                String topicPrefix) {
        Map<String, String> properties = new HashMap<>(database.captureProperties(source, schema, topicPrefix));
        properties.put("offset.storage.topic", "capture-offsets-" + schema);
        return properties;
    }

    private static CaptureSource start(CaptureSourceSettings settings) {
        return CaptureSource.start(settings, kafka.bootstrapServers(), Map.of(), true,
                (name, reason) -> { });
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "capture-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topic)));
        return consumer;
    }

    private static void awaitOps(KafkaConsumer<byte[], byte[]> consumer, List<String> seen, List<String> expected) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).untilAsserted(() -> {
            consumeFor(consumer, seen, Duration.ofMillis(200));
            assertThat(seen).containsExactlyElementsOf(expected);
        });
    }

    private static void consumeFor(KafkaConsumer<byte[], byte[]> consumer, List<String> seen, Duration time) {
        ChangeEventReader reader = ChangeEventReader.builder().build();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(time)) {
            ReadResult result = reader.read(record.key(), record.value());
            if (result instanceof ChangeEvent event) {
                seen.add(event.op().code() + (event.key() == null ? ""
                        : ":" + ((ColumnValue.Known) event.key().find("id").orElseThrow()).render()));
            } else if (result instanceof Tombstone) {
                seen.add("tombstone");
            } else {
                seen.add("unexpected " + result);
            }
        }
    }

    /** Waits until the source streams from its slot, failing early when it stopped on an error. */
    private static void awaitStreaming(TestPostgres postgres, String source, CaptureSource capture) {
        assertThat(capture.failure()).isEmpty();
        postgres.awaitCaptureStreaming(source);
        assertThat(capture.failure()).isEmpty();
    }

    private static void sql(Connection db, String... statements) throws SQLException {
        CaptureDatabase.sql(db, statements);
    }
}
