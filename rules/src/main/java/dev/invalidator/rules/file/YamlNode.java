package dev.invalidator.rules.file;

import java.util.List;

/**
 * A YAML document as a tree that remembers where each node was written. Jackson's own tree forgets positions,
 * and every rule-file error must point at its line and column.
 */
sealed interface YamlNode {

    SourceLocation location();

    /** How the node's kind reads in an error message: "a string", "a list", ... */
    String kind();

    /**
     * A scalar with its resolved value: String, Long, BigInteger, Double, BigDecimal, Boolean, or null for YAML null.
     */
    record Scalar(Object value, SourceLocation location) implements YamlNode {
        @Override
        public String kind() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "a string";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            return "a number";
        }
    }

    record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    record Entry(String key, SourceLocation keyLocation, YamlNode value) {
    }
}
