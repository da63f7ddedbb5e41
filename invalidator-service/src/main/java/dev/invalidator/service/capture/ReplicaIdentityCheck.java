package dev.invalidator.service.capture;

import dev.invalidator.rules.engine.RuleEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Decides which captured tables the rules need whole before-images of, and do not get them. */
final class ReplicaIdentityCheck {

    private ReplicaIdentityCheck() {
    }

    /**
     * One warning per table that is not {@code REPLICA IDENTITY FULL} and whose rules read before-image columns
     * outside its identity's key columns, in table name order.
     */
    static List<IdentityWarning> warnings(Collection<TableIdentity> tables, RuleEngine rules) {
        List<IdentityWarning> warnings = new ArrayList<>();
        for (TableIdentity table : tables) {
            if (table.identity() == ReplicaIdentity.FULL) {
                continue;
            }
            Map<String, Set<String>> nonKey = new LinkedHashMap<>();
            rules.beforeColumnsRead(table.table()).forEach((rule, columns) -> {
                Set<String> outside = new TreeSet<>(columns);
                outside.removeAll(table.keyColumns());
                if (!outside.isEmpty()) {
                    nonKey.put(rule, outside);
                }
            });
            if (!nonKey.isEmpty()) {
                warnings.add(new IdentityWarning(table.table(), table.identity(), nonKey));
            }
        }
        warnings.sort(Comparator.comparing(warning -> warning.table().qualifiedName()));
        return warnings;
    }
}
