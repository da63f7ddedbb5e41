package dev.invalidator.rules.file;

import dev.invalidator.schemas.change.Operation;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule as written in a rule file, with the location of every part a later check may need to point at.
 *
 * @param name          unique across all loaded files
 * @param table         exact name or glob on {@code <prefix>.<schema>.<table>}, or {@code <schema>.<table>} for any prefix
 * @param on            the operations the rule fires on
 * @param columns       an update fires only if one of these changed; empty means any update
 * @param when          the condition, or null for none
 * @param invalidate    what to invalidate
 * @param allowFlushAll whether a pattern that matches every key is intended
 * @param soft          whether near-caches mark this rule's targets stale and refresh them in the background instead
 *                      of dropping them (Redis is invalidated either way)
 * @param examples      events with the plan they must produce, checked by {@code rules check}
 * @param location      where the rule starts
 */
public record RuleDefinition(
        Located<String> name,
        Located<String> table,
        Set<Operation> on,
        List<Located<String>> columns,
        Located<String> when,
        Targets invalidate,
        boolean allowFlushAll,
        boolean soft,
        List<Example> examples,
        SourceLocation location) {

    public RuleDefinition {
        on = Set.copyOf(on);
        columns = List.copyOf(columns);
        examples = List.copyOf(examples);
    }

    /** The targets of a rule, as templates. */
    public record Targets(
            List<Located<String>> keys,
            List<Located<String>> patterns,
            List<Located<String>> tags,
            List<Located<String>> versions,
            boolean cascade,
            List<Refresh> refresh) {

        public Targets {
            keys = List.copyOf(keys);
            patterns = List.copyOf(patterns);
            tags = List.copyOf(tags);
            versions = List.copyOf(versions);
            refresh = List.copyOf(refresh);
        }

        /** Targets without refreshed keys. */
        public Targets(List<Located<String>> keys, List<Located<String>> patterns, List<Located<String>> tags,
                       List<Located<String>> versions, boolean cascade) {
            this(keys, patterns, tags, versions, cascade, List.of());
        }

        public boolean isEmpty() {
            return keys.isEmpty() && patterns.isEmpty() && tags.isEmpty() && versions.isEmpty() && refresh.isEmpty();
        }
    }

    /**
     * A refreshed key: on create, update and read, a JSON object of the after-image's {@code columns} is written to
     * {@code key} with {@code ttl}; on delete the key is removed.
     *
     * @param key      the key template, with the rules of keys
     * @param columns  the projected columns, in the order the object lists them
     * @param ttl      the value's time to live, positive
     * @param location where the entry starts
     */
    public record Refresh(Located<String> key, List<Located<String>> columns, Duration ttl, SourceLocation location) {
        public Refresh {
            Objects.requireNonNull(key, "key");
            columns = List.copyOf(columns);
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * An example: an event (op, images, optional key and table) and the plan it must produce. Lists omitted from
     * {@code expect} must come out empty, so an example also proves what a rule leaves alone.
     */
    public record Example(
            Operation op,
            ExampleRow before,
            ExampleRow after,
            ExampleRow key,
            String table,
            Expectation expect,
            SourceLocation location) {
    }

    /** Column values as written in YAML: String, Long, BigInteger, BigDecimal, Boolean, or null. */
    public record ExampleRow(Map<String, Object> columns) {
        public ExampleRow {
            // Not Map.copyOf: a column may hold YAML null.
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }
    }

    public record Expectation(List<String> keys, List<String> patterns, List<String> tags, List<String> versions,
                              SourceLocation location, List<String> refresh) {
        public Expectation {
            keys = List.copyOf(keys);
            patterns = List.copyOf(patterns);
            tags = List.copyOf(tags);
            versions = List.copyOf(versions);
            refresh = List.copyOf(refresh);
        }

        /** An expectation without refreshed keys. */
        public Expectation(List<String> keys, List<String> patterns, List<String> tags, List<String> versions,
                           SourceLocation location) {
            this(keys, patterns, tags, versions, location, List.of());
        }
    }
}
