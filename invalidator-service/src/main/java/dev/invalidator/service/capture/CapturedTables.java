package dev.invalidator.service.capture;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which tables a PostgreSQL capture source captures, as Debezium decides it from {@code schema.include.list},
 * {@code schema.exclude.list}, {@code table.include.list} and {@code table.exclude.list}: comma-separated regular
 * expressions matching the whole schema name, or the whole {@code schema.table}. An include list, when set, admits
 * only what it matches; an exclude list removes what it matches.
 */
final class CapturedTables {

    private final List<Pattern> schemaInclude;
    private final List<Pattern> schemaExclude;
    private final List<Pattern> tableInclude;
    private final List<Pattern> tableExclude;

    private CapturedTables(Map<String, String> properties) {
        this.schemaInclude = patterns(properties.get("schema.include.list"));
        this.schemaExclude = patterns(properties.get("schema.exclude.list"));
        this.tableInclude = patterns(properties.get("table.include.list"));
        this.tableExclude = patterns(properties.get("table.exclude.list"));
    }

    /** @param properties the source's Debezium properties */
    static CapturedTables of(Map<String, String> properties) {
        return new CapturedTables(properties);
    }

    boolean captures(String schema, String table) {
        String qualified = schema + "." + table;
        return (schemaInclude.isEmpty() || anyMatches(schemaInclude, schema))
                && !anyMatches(schemaExclude, schema)
                && (tableInclude.isEmpty() || anyMatches(tableInclude, qualified))
                && !anyMatches(tableExclude, qualified);
    }

    private static boolean anyMatches(List<Pattern> patterns, String name) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(name).matches());
    }

    private static List<Pattern> patterns(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(regex -> !regex.isEmpty())
                .map(Pattern::compile).toList();
    }
}
