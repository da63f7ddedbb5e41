package dev.invalidator.service.capture;

import dev.invalidator.schemas.change.TableId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A captured table whose rules read before-image columns that its replica identity does not send truthfully: the
 * rules engine skips their targets and fails their conditions for this table's events.
 *
 * @param table    the table
 * @param identity its replica identity (anything but {@code FULL})
 * @param rules    rule name to the non-key before-image columns it reads, in rule load order
 */
public record IdentityWarning(TableId table, ReplicaIdentity identity, Map<String, Set<String>> rules) {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    public IdentityWarning {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(identity, "identity");
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** Every column named by some rule, sorted. */
    public Set<String> columns() {
        Set<String> columns = new TreeSet<>();
        rules.values().forEach(columns::addAll);
        return columns;
    }

    /** The statement that gives the table whole before-images. */
    public String fix() {
        return "ALTER TABLE " + quoted(table.schema()) + "." + quoted(table.table()) + " REPLICA IDENTITY FULL;";
    }

    /** The log line: the table, its identity, the rules and columns, and the fix. */
    public String describe() {
        String reads = rules.entrySet().stream()
                .map(rule -> rule.getKey() + " (" + rule.getValue().stream()
                        .map(column -> "before." + column).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
        return "table " + table.qualifiedName() + " is REPLICA IDENTITY " + identity.sql() + ", but rules read "
                + "before-image columns it does not send truthfully: " + reads + "; those targets are skipped and "
                + "those conditions fail for its events. Fix: " + fix();
    }

    /** Names PostgreSQL would fold or misread are double-quoted. */
    private static String quoted(String name) {
        return PLAIN_IDENTIFIER.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
