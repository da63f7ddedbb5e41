package dev.invalidator.service.capture;

import dev.invalidator.schemas.change.TableId;
import java.util.Objects;
import java.util.Set;

/**
 * One captured PostgreSQL table's replica identity as its catalog says.
 *
 * @param table      the table as its change events name it ({@code topic.prefix}, database, schema, table)
 * @param identity   its {@code REPLICA IDENTITY}
 * @param keyColumns the columns its before-images hold truthfully whatever the identity: the primary key's
 *                   ({@code DEFAULT}, and {@code FULL}, which sends every column anyway), the identity index's
 *                   ({@code USING INDEX}), none ({@code NOTHING})
 */
public record TableIdentity(TableId table, ReplicaIdentity identity, Set<String> keyColumns) {

    public TableIdentity {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(identity, "identity");
        keyColumns = Set.copyOf(keyColumns);
    }
}
