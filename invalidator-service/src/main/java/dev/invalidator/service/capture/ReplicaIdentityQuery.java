package dev.invalidator.service.capture;

import dev.invalidator.schemas.change.TableId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the replica identity of the tables a PostgreSQL capture source captures from the database's catalog, over
 * JDBC with the source's own connection properties (the PostgreSQL driver comes with the Debezium connector).
 */
final class ReplicaIdentityQuery {

    /**
     * Every ordinary and partitioned table outside the system schemas, its {@code relreplident}, and the columns of
     * its key: the primary key under {@code DEFAULT} and {@code FULL}, the chosen index under {@code USING INDEX}.
     */
    static final String SQL = """
            SELECT n.nspname, c.relname, c.relreplident::text,
                   ARRAY(SELECT a.attname::text
                         FROM pg_index i
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                         WHERE i.indrelid = c.oid
                           AND ((c.relreplident IN ('d', 'f') AND i.indisprimary)
                             OR (c.relreplident = 'i' AND i.indisreplident))
                         ORDER BY a.attnum)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%'
            ORDER BY 1, 2
            """;

    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int QUERY_TIMEOUT_SECONDS = 30;
    /** Debezium's names for the TLS settings, and the driver's. */
    private static final Map<String, String> TLS_PROPERTIES = Map.of(
            "database.sslmode", "sslmode",
            "database.sslrootcert", "sslrootcert",
            "database.sslcert", "sslcert",
            "database.sslkey", "sslkey",
            "database.sslpassword", "sslpassword");

    private ReplicaIdentityQuery() {
    }

    /**
     * The captured tables of one source with their identities.
     *
     * @throws SQLException when the database cannot be reached or the catalog read
     */
    static List<TableIdentity> read(CaptureSourceSettings source) throws SQLException {
        Map<String, String> p = source.properties();
        String prefix = required(p, "topic.prefix");
        String database = required(p, "database.dbname");
        String url = "jdbc:postgresql://" + required(p, "database.hostname") + ":"
                + p.getOrDefault("database.port", "5432") + "/" + database;
        Properties connection = new Properties();
        connection.setProperty("user", required(p, "database.user"));
        if (p.get("database.password") != null) {
            connection.setProperty("password", p.get("database.password"));
        }
        connection.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        connection.setProperty("ApplicationName", "invalidator-identity-check-" + source.name());
        TLS_PROPERTIES.forEach((debezium, driver) -> {
            if (p.get(debezium) != null) {
                connection.setProperty(driver, p.get(debezium));
            }
        });
        CapturedTables captured = CapturedTables.of(p);
        try (Connection db = DriverManager.getConnection(url, connection);
             Statement statement = db.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            List<TableIdentity> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(SQL)) {
                while (rows.next()) {
                    String schema = rows.getString(1);
                    String table = rows.getString(2);
                    if (captured.captures(schema, table)) {
                        tables.add(new TableIdentity(new TableId(prefix, database, schema, table),
                                ReplicaIdentity.ofCode(rows.getString(3)), columns(rows.getArray(4))));
                    }
                }
            }
            return tables;
        }
    }

    private static Set<String> columns(Array array) throws SQLException {
        try {
            return Set.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static String required(Map<String, String> properties, String key) throws SQLException {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new SQLException("capture source property " + key + " is not set");
        }
        return value;
    }
}
