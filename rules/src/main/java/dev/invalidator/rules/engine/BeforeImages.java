package dev.invalidator.rules.engine;

import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.TableId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is known about each table's before-images, declared in configuration or learned from its events.
 *
 * <p>Under PostgreSQL's {@code REPLICA IDENTITY DEFAULT} an update carries no before-image and a delete's before-image
 * is true only for the key columns: Debezium fills the others with type defaults. Such a table is learned from its
 * first update without a before-image (and, the other way, an update with one proves full images). Until a table is
 * known either way its before-images are trusted, as the events claim. Declarations always win over what is learned.
 *
 * <p>Learned state outlives rule reloads: it describes the tables, not the rules. Safe for concurrent use.
 */
public final class BeforeImages {

    /** How much of a table's before-image is true. */
    public enum Identity {
        /** Every column (PostgreSQL {@code REPLICA IDENTITY FULL}, MySQL and MariaDB with full row images). */
        FULL,
        /** Only the key columns (PostgreSQL {@code REPLICA IDENTITY DEFAULT}). */
        KEY_COLUMNS_ONLY
    }

    private final Map<String, Identity> declared;
    private final ConcurrentHashMap<TableId, Identity> learned = new ConcurrentHashMap<>();

    private BeforeImages(Map<String, Identity> declared) {
        this.declared = Map.copyOf(declared);
    }

    /** Nothing declared: everything is learned from events. */
    public static BeforeImages learning() {
        return new BeforeImages(Map.of());
    }

    /**
     * @param declared qualified table name ({@code prefix.schema.table}) to its identity, e.g. read from the database
     *                 catalog or configuration
     */
    public static BeforeImages declared(Map<String, Identity> declared) {
        return new BeforeImages(declared);
    }

    /** Learns from one event; call it for every event, before planning it. */
    public void observe(ChangeEvent event) {
        if (event.op() != Operation.UPDATE || !"postgresql".equals(event.connector())) {
            return;
        }
        Identity seen = event.before() == null ? Identity.KEY_COLUMNS_ONLY : Identity.FULL;
        TableId table = event.table();
        // Read before writing: almost every event confirms what is known, and a read costs no contention.
        if (learned.get(table) != seen) {
            learned.put(table, seen);
        }
    }

    /** The identity declared or learned for a table; empty while unknown. */
    public Optional<Identity> identity(TableId table) {
        Identity identity = declared.isEmpty() ? null : declared.get(table.qualifiedName());
        return Optional.ofNullable(identity != null ? identity : learned.get(table));
    }

    /** The policy to render this event's before-image placeholders with. */
    public BeforeImagePolicy policyFor(ChangeEvent event) {
        return identity(event.table()).orElse(Identity.FULL) == Identity.KEY_COLUMNS_ONLY
                ? BeforeImagePolicy.keyColumnsOnly()
                : BeforeImagePolicy.full();
    }
}
