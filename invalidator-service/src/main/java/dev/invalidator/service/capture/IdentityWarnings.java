package dev.invalidator.service.capture;

import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.schemas.change.TableId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica-identity warnings of the rules in force: computed at start and again for every rule set a reload puts
 * in force, against the identities read at start. Each new or changed warning is logged once as a WARN; each table
 * has a gauge {@value #GAUGE} that is 1 while it is warned about and 0 after. Safe for concurrent use.
 */
public final class IdentityWarnings {

    /** Micrometer's name; Prometheus shows {@code invalidator_capture_replica_identity_warnings{table=...}}. */
    public static final String GAUGE = "invalidator.capture.replica.identity.warnings";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityWarnings.class);

    private final ReplicaIdentities identities;
    private final MeterRegistry registry;
    private final Map<TableId, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private volatile List<IdentityWarning> current = List.of();

    public IdentityWarnings(ReplicaIdentities identities, MeterRegistry registry) {
        this.identities = Objects.requireNonNull(identities, "identities");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Checks the rules now in force. */
    public synchronized void update(RuleEngine rules) {
        List<IdentityWarning> next = ReplicaIdentityCheck.warnings(identities.tables(), rules);
        Map<TableId, IdentityWarning> before = new HashMap<>();
        current.forEach(warning -> before.put(warning.table(), warning));
        for (IdentityWarning warning : next) {
            if (!warning.equals(before.remove(warning.table()))) {
                LOG.warn("{}", warning.describe());
            }
            gauge(warning.table()).set(1);
        }
        for (TableId cleared : before.keySet()) {
            LOG.info("table {}: the rules in force read no before-image column its replica identity lacks any more",
                    cleared.qualifiedName());
            gauge(cleared).set(0);
        }
        current = List.copyOf(next);
    }

    /** The warnings of the rules in force, in table name order. */
    public List<IdentityWarning> current() {
        return current;
    }

    private AtomicInteger gauge(TableId table) {
        return gauges.computeIfAbsent(table, t -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(GAUGE, value, AtomicInteger::get)
                    .description("1 while the rules read before-image columns of this PostgreSQL table that its"
                            + " replica identity does not send truthfully (it is not REPLICA IDENTITY FULL)")
                    .tag("table", t.qualifiedName())
                    .register(registry);
            return value;
        });
    }
}
