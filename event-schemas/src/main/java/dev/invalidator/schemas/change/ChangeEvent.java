package dev.invalidator.schemas.change;

import java.time.Instant;
import java.util.Objects;

/**
 * One row change as Debezium captured it.
 *
 * @param table       the table, from the {@code source} block
 * @param op          what happened to the row
 * @param before      the row before the change; null when Debezium sent none (creates, reads, and updates of
 *                    PostgreSQL tables without {@code REPLICA IDENTITY FULL})
 * @param after       the row after the change; null for deletes and truncates
 * @param key         the primary key from the record key; null when the record has no key (truncate, keyless tables)
 * @param connector   {@code source.connector}: {@code postgresql}, {@code mysql}, {@code mariadb}, ...; null when a
 *                    flattened event does not say
 * @param position    where the change sits in the database's log
 * @param snapshot    true when the event was produced by a snapshot rather than read from the log
 * @param commitTime  when the database committed the change ({@code source.ts_us}, else {@code source.ts_ms})
 * @param processedAt when Debezium processed the change ({@code ts_us}, else {@code ts_ms}); null when absent
 * @param transaction the {@code transaction} block; null when the connector emits no transaction metadata
 * @param coordinates where the record was read from; null when the caller did not say
 */
public record ChangeEvent(
        TableId table,
        Operation op,
        RowImage before,
        RowImage after,
        RowImage key,
        String connector,
        SourcePosition position,
        boolean snapshot,
        Instant commitTime,
        Instant processedAt,
        TransactionRef transaction,
        RecordCoordinates coordinates) implements ReadResult {

    public ChangeEvent {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(position, "position");
    }
}
