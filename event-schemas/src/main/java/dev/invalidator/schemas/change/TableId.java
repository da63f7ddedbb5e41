package dev.invalidator.schemas.change;

import java.util.Objects;

/**
 * Which table a change belongs to, as the {@code source} block names it.
 *
 * @param topicPrefix the connector's {@code topic.prefix} ({@code source.name})
 * @param database    the database ({@code source.db})
 * @param schema      the schema, or null where the database has none (MySQL, MariaDB)
 * @param table       the table name
 */
public record TableId(String topicPrefix, String database, String schema, String table) {

    public TableId {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(table, "table");
    }

    /**
     * The name Debezium gives this table's topic and rules match on: {@code prefix.schema.table} for PostgreSQL,
     * {@code prefix.database.table} where there is no schema.
     */
    public String qualifiedName() {
        String middle = schema != null ? schema : database;
        return middle == null ? topicPrefix + "." + table : topicPrefix + "." + middle + "." + table;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
