package dev.invalidator.it.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database that a capture source can follow, as the end-to-end tests need it: how to reach it, the Debezium
 * properties of a source on one of its schemas, the few statements whose spelling differs between PostgreSQL and
 * MariaDB, and when a source is following it.
 */
interface CaptureDatabase {

    /** The value of {@code capture.sources.<name>.connector}. */
    String connector();

    /**
     * The Debezium properties of a source named {@code source} on {@code schema} (a PostgreSQL schema, a MariaDB
     * database), writing to topics {@code <topicPrefix>.<schema>.<table>}.
     */
    Map<String, String> captureProperties(String source, String schema, String topicPrefix);

    /** A new connection, in auto-commit mode. */
    Connection connect() throws SQLException;

    /** Creates {@code schema}, where tables are then named {@code schema.table}. */
    void createSchema(Connection db, String schema) throws SQLException;

    /** Makes updates and deletes of {@code table} carry whole before-images, where that needs saying. */
    void fullBeforeImages(Connection db, String table) throws SQLException;

    /**
     * Waits until the source's log reader follows the database: changes committed from then on are streamed, not
     * read by a snapshot nor missed.
     */
    void awaitCaptureStreaming(String source);

    /** Waits until no reader of the source is connected any more, so that a new one can take its place. */
    void awaitCaptureGone(String source);

    static void sql(Connection db, String... statements) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
