package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.Tombstone;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A capture source on a real PostgreSQL with logical WAL (embedded, its own port and data directory) writing to a
 * real Kafka broker; what arrives is read back with the service's own {@link ChangeEventReader}.
 */
class CaptureSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().start();
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "4")
                    .setServerConfig("max_wal_senders", "4")
                    .start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void start_postgresChangesThenRestart_everyChangeOnceWithoutSecondSnapshot() throws Exception {
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        String table = run + ".products";
        String topic = "shop." + table;
        CaptureSourceSettings settings = new CaptureSourceSettings("shop-" + run, CaptureConnector.POSTGRESQL,
                Map.of("database.hostname", "127.0.0.1",
                        "database.port", Integer.toString(postgres.getPort()),
                        "database.user", "postgres",
                        "database.password", "postgres",
                        "database.dbname", "postgres",
                        "topic.prefix", "shop",
                        "table.include.list", table,
                        "offset.storage.topic", "capture-offsets-" + run));
        String slot = "invalidator_shop_" + run;

        try (Connection db = postgres.getPostgresDatabase().getConnection();
             KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            sql(db, "CREATE SCHEMA " + run,
                    "CREATE TABLE " + table + " (id integer PRIMARY KEY, name text NOT NULL, price integer)",
                    "INSERT INTO " + table + " VALUES (1, 'kettle', 30)");
            List<String> seen = new ArrayList<>();

            try (CaptureSource source = start(settings)) {
                awaitStreaming(db, slot, source);
                sql(db, "INSERT INTO " + table + " VALUES (2, 'teapot', 20)",
                        "UPDATE " + table + " SET price = 25 WHERE id = 2",
                        "DELETE FROM " + table + " WHERE id = 2",
                        "TRUNCATE " + table);
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t"));
            }

            // Written while no capture runs: the slot keeps them, the offsets in Kafka say where to go on.
            sql(db, "INSERT INTO " + table + " VALUES (3, 'mug', 5)",
                    "UPDATE " + table + " SET price = 6 WHERE id = 3");
            try (CaptureSource source = start(settings)) {
                awaitStreaming(db, slot, source);
                sql(db, "DELETE FROM " + table + " WHERE id = 3");
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t",
                        "c:3", "u:3", "d:3", "tombstone"));
                // Nothing else trickles in after them: no second snapshot, no replay.
                consumeFor(consumer, seen, Duration.ofSeconds(2));
                assertThat(seen).containsExactly("r:1", "c:2", "u:2", "d:2", "tombstone", "t",
                        "c:3", "u:3", "d:3", "tombstone");
                assertThat(source.failure()).isEmpty();
            }
            sql(db, "SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }

    @Test
    void start_mariadbChangesThenRestart_everyChangeOnceWithSchemaHistoryInKafka() throws Exception {
        assumeTrue(ChildMariaDb.installed(), ChildMariaDb.MARIADBD + " not installed (Debian package mariadb-server)");
        String run = "r" + UUID.randomUUID().toString().substring(0, 8);
        String table = run + ".products";
        String topic = "billing." + table;
        try (ChildMariaDb maria = ChildMariaDb.start();
             Connection db = maria.connect();
             KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            CaptureSourceSettings settings = new CaptureSourceSettings("billing-" + run, CaptureConnector.MARIADB,
                    Map.of("database.hostname", "127.0.0.1",
                            "database.port", Integer.toString(maria.port()),
                            "database.user", "root",
                            "database.password", "",
                            "database.server.id", "5401",
                            "topic.prefix", "billing",
                            "database.include.list", run,
                            "offset.storage.topic", "capture-offsets-" + run));
            sql(db, "CREATE DATABASE " + run,
                    "CREATE TABLE " + table + " (id integer PRIMARY KEY, name text NOT NULL, price integer)",
                    "INSERT INTO " + table + " VALUES (1, 'kettle', 30)");
            List<String> seen = new ArrayList<>();

            try (CaptureSource source = start(settings)) {
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
            try (CaptureSource source = start(settings)) {
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4", "c:3", "u:3"));
                sql(db, "DELETE FROM " + table + " WHERE id = 3");
                awaitOps(consumer, seen, List.of("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4",
                        "c:3", "u:3", "d:3", "tombstone"));
                consumeFor(consumer, seen, Duration.ofSeconds(2));
                assertThat(seen).containsExactly("r:1", "c:2", "u:2", "d:2", "tombstone", "t", "c:4",
                        "c:3", "u:3", "d:3", "tombstone");
                assertThat(source.failure()).isEmpty();
            }
        }
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

    /**
     * Waits until the connector's walsender streams from the slot: a change committed before then may predate the
     * position the connector starts from (see GoldenSampleRecorder).
     */
    private static void awaitStreaming(Connection db, String slot, CaptureSource source) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertThat(source.failure()).isEmpty();
            try (PreparedStatement ps = db.prepareStatement("""
                    SELECT r.state FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
                    WHERE s.slot_name = ?""")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && "streaming".equals(rs.getString(1));
                }
            }
        });
    }

    private static void sql(Connection db, String... statements) throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
