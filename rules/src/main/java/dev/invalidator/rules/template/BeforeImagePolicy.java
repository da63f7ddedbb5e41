package dev.invalidator.rules.template;

import dev.invalidator.schemas.change.ChangeEvent;

/**
 * Which before-image columns of a table hold what the row really held.
 *
 * <p>Under PostgreSQL's {@code REPLICA IDENTITY DEFAULT} a delete's before-image is true only for the key columns;
 * Debezium fills the others with type defaults (empty string, 0, null), and a key rendered from that filler
 * ({@code product:sku:}) names the wrong entry. Whoever knows the table's identity (learned from its events or
 * declared in configuration) passes the matching policy to {@link Template#render}.
 */
public interface BeforeImagePolicy {

    /** True when {@code column}'s before-image value in {@code event} is the row's value rather than filler. */
    boolean trusts(ChangeEvent event, String column);

    /** Every before-image column is true: {@code REPLICA IDENTITY FULL}, MySQL/MariaDB with full row images. */
    static BeforeImagePolicy full() {
        return StandardBeforeImagePolicy.FULL;
    }

    /**
     * Only the columns of the event's record key are true ({@code REPLICA IDENTITY DEFAULT}); an event without a
     * record key has no trusted before-image column.
     */
    static BeforeImagePolicy keyColumnsOnly() {
        return StandardBeforeImagePolicy.KEY_COLUMNS_ONLY;
    }
}
