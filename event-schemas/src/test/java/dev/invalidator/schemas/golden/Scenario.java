package dev.invalidator.schemas.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden sample: the tables to prepare, the connector settings, the transactions to run once the connector
 * streams, and how many records Debezium must hand over for them.
 *
 * @param name         the sample's file name without {@code .jsonl}
 * @param description  what the sample shows, one line
 * @param config       connector settings on top of the database's common ones
 * @param setup        statements run (auto-commit) before the engine starts: DDL, rows for a snapshot
 * @param transactions each inner list runs as one transaction after the connector streams
 * @param expected     the number of records the engine must hand over, no more, no fewer
 */
record Scenario(String name, String description, Map<String, String> config, List<String> setup,
                List<List<String>> transactions, int expected) {

    static Builder named(String name, String description) {
        return new Builder(name, description);
    }

    static final class Builder {
        private final String name;
        private final String description;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<String> setup = new ArrayList<>();
        private final List<List<String>> transactions = new ArrayList<>();

        private Builder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        Builder with(String key, String value) {
            config.put(key, value);
            return this;
        }

        Builder schemas(boolean enabled) {
            return with("converter.schemas.enable", Boolean.toString(enabled));
        }

        Builder setup(String... statements) {
            setup.addAll(List.of(statements));
            return this;
        }

        /** One transaction of one or more statements. */
        Builder tx(String... statements) {
            transactions.add(List.of(statements));
            return this;
        }

        Scenario expect(int records) {
            return new Scenario(name, description, Map.copyOf(config), List.copyOf(setup), List.copyOf(transactions),
                    records);
        }
    }
}
