package dev.invalidator.service.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL (zonky's binaries, its own port and data directory) with logical WAL and synchronous commit
 * (PostgreSQL's default; fsync stays off, as zonky runs it), holding the table the
 * writer updates: {@code bench.items (id, seq)}, every row present before capture starts, so that the writer only
 * updates.
 */
final class BenchPostgres implements AutoCloseable {

    static final String SCHEMA = "bench";
    static final String TABLE = "items";

    private final EmbeddedPostgres postgres;

    private BenchPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static BenchPostgres start(int rows) {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "4")
                    .setServerConfig("max_wal_senders", "4")
                    // zonky turns it off; then WAL reaches disk, and logical decoding, only at the WAL writer's next
                    // round (wal_writer_delay, 200 ms): up to 200 ms that a server as commonly run does not add.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
        BenchPostgres bench = new BenchPostgres(postgres);
        try (Connection db = bench.connect(); Statement s = db.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + qualifiedTable() + " (id integer PRIMARY KEY, seq bigint NOT NULL)");
            s.execute("INSERT INTO " + qualifiedTable() + " SELECT g, -1 FROM generate_series(0, " + (rows - 1)
                    + ") g");
        } catch (SQLException e) {
            bench.close();
            throw new IllegalStateException("cannot create the benchmark's table: " + e.getMessage(), e);
        }
        return bench;
    }

    static String qualifiedTable() {
        return SCHEMA + "." + TABLE;
    }

    int port() {
        return postgres.getPort();
    }

    Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** Waits until the slot's walsender streams: a change committed before may predate where capture starts. */
    void awaitStreaming(String slot, Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = connect(); var ps = db.prepareStatement("""
                SELECT r.state FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
                WHERE s.slot_name = ?""")) {
            ps.setString(1, slot);
            while (true) {
                try (var rs = ps.executeQuery()) {
                    if (rs.next() && "streaming".equals(rs.getString(1))) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("capture did not start streaming from slot " + slot + " within "
                            + timeout);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
