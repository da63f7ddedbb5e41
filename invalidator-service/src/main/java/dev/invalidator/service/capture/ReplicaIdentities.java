package dev.invalidator.service.capture;

import dev.invalidator.rules.engine.BeforeImages;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica identities of the tables the PostgreSQL capture sources capture, read once from their catalogs at
 * start. They are facts about the tables, so the rules engine takes them as declarations (they win over what it
 * would learn from events), and every rule set, reloaded or not, is checked against them.
 */
public final class ReplicaIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaIdentities.class);

    private final List<TableIdentity> tables;

    private ReplicaIdentities(List<TableIdentity> tables) {
        this.tables = List.copyOf(tables);
    }

    /** None known: every table's before-images are learned from its events. */
    public static ReplicaIdentities none() {
        return new ReplicaIdentities(List.of());
    }

    public static ReplicaIdentities of(List<TableIdentity> tables) {
        return new ReplicaIdentities(tables);
    }

    /**
     * Reads the captured tables of every PostgreSQL source. A source whose database cannot be read is logged and
     * left out: its tables' before-images are then learned from their events, as without this check.
     */
    public static ReplicaIdentities read(List<CaptureSourceSettings> sources) {
        List<TableIdentity> tables = new ArrayList<>();
        for (CaptureSourceSettings source : sources) {
            if (source.connector() != CaptureConnector.POSTGRESQL) {
                continue;
            }
            try {
                List<TableIdentity> read = ReplicaIdentityQuery.read(source);
                LOG.info("capture source {}: read the replica identity of {} captured tables", source.name(),
                        read.size());
                tables.addAll(read);
            } catch (SQLException e) {
                LOG.warn("capture source {}: cannot read the replica identity of its tables, so their before-images"
                        + " are learned from their events instead: {}", source.name(), e.getMessage());
            }
        }
        return new ReplicaIdentities(tables);
    }

    public List<TableIdentity> tables() {
        return tables;
    }

    /** What the rules engine may trust of each table's before-images, declared from the catalog. */
    public BeforeImages beforeImages() {
        Map<String, BeforeImages.Identity> declared = new HashMap<>();
        for (TableIdentity table : tables) {
            declared.put(table.table().qualifiedName(), table.identity().beforeImages());
        }
        return BeforeImages.declared(declared);
    }
}
