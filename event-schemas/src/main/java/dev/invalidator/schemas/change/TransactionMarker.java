package dev.invalidator.schemas.change;

import java.time.Instant;
import java.util.Map;

/**
 * A transaction metadata message ({@code provide.transaction.metadata=true}): the start or end of a transaction.
 *
 * @param status          BEGIN or END
 * @param transactionId   the transaction id. PostgreSQL writes {@code txId:lsn} with each record's own LSN, so only
 *                        the part before {@code :} ties a marker to its events; MySQL and MariaDB use the GTID
 * @param eventCount      END only: how many change events the transaction produced; 0 for BEGIN
 * @param eventsPerTable  END only: events per table ({@code data_collections}); empty for BEGIN
 * @param timestamp       {@code ts_ms} of the marker; null when absent
 */
public record TransactionMarker(
        Status status,
        String transactionId,
        long eventCount,
        Map<String, Long> eventsPerTable,
        Instant timestamp,
        RecordCoordinates coordinates) implements ReadResult {

    public TransactionMarker {
        eventsPerTable = Map.copyOf(eventsPerTable);
    }

    public enum Status { BEGIN, END }
}
