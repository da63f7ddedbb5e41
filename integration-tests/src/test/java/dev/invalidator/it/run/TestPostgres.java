package dev.invalidator.it.run;

import static org.awaitility.Awaitility.await;

import dev.invalidator.it.infra.Infrastructure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL with logical WAL for a test class, as Debezium needs it (the machine's own PostgreSQL, with
 * {@code wal_level=replica}, would not do). Follows the {@link Infrastructure} switch: an embedded PostgreSQL (zonky
 * binaries from Maven Central, its own port and data directory) on the local path, a {@value #IMAGE} container
 * started as {@code postgres -c wal_level=logical ...} otherwise. Register as a static extension.
 */
final class TestPostgres implements CaptureDatabase, BeforeAllCallback, AfterAllCallback {

    static final String IMAGE = "postgres:15";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    // Set before the class's tests run, closed after them.
    private AutoCloseable server;
    private String host;
    private int port;
    private String user;
    private String password;
    private String database;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (Infrastructure.chosen() == Infrastructure.CONTAINERS) {
            PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                    .withCommand("postgres", "-c", "fsync=off", "-c", "wal_level=logical",
                            "-c", "max_replication_slots=20", "-c", "max_wal_senders=20");
            server = container;
            container.start();
            host = container.getHost();
            port = container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
            user = container.getUsername();
            password = container.getPassword();
            database = container.getDatabaseName();
        } else {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .start();
            server = embedded;
            host = "127.0.0.1";
            port = embedded.getPort();
            user = "postgres";
            password = "postgres"; // trust authentication: taken and not checked
            database = "postgres";
        }
    }

    @Override
    public String connector() {
        return "postgresql";
    }

    @Override
    public Map<String, String> captureProperties(String source, String schema, String topicPrefix) {
        return Map.of("database.hostname", host,
                "database.port", Integer.toString(port),
                "database.user", user,
                "database.password", password,
                "database.dbname", database,
                "topic.prefix", topicPrefix,
                "schema.include.list", schema);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    @Override
    public void createSchema(Connection db, String schema) throws SQLException {
        CaptureDatabase.sql(db, "CREATE SCHEMA " + schema);
    }

    @Override
    public void fullBeforeImages(Connection db, String table) throws SQLException {
        CaptureDatabase.sql(db, "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    }

    /** The replication slot the capture gives a source unless told otherwise (README, "Capture inside the service"). */
    static String slot(String source) {
        return "invalidator_" + source.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Waits until a walsender streams from the source's slot: a change committed before then may predate the
     * position the connector starts from.
     */
    @Override
    public void awaitCaptureStreaming(String source) {
        await("capture streaming from slot " + slot(source)).atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> slotState(source).filter("streaming"::equals).isPresent());
    }

    @Override
    public void awaitCaptureGone(String source) {
        await("slot " + slot(source) + " released").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> slotState(source).isEmpty());
    }

    /** The state of the walsender reading the source's slot; empty when none does. */
    private Optional<String> slotState(String source) throws SQLException {
        try (Connection db = connect();
             PreparedStatement statement = db.prepareStatement("""
                     SELECT r.state FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
                     WHERE s.slot_name = ?""")) {
            statement.setString(1, slot(source));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Drops the source's slot, which would otherwise keep WAL for as long as the server runs. */
    void dropSlot(String source) throws SQLException {
        try (Connection db = connect()) {
            CaptureDatabase.sql(db, "SELECT pg_drop_replication_slot('" + slot(source) + "')");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
