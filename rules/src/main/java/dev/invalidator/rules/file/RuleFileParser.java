package dev.invalidator.rules.file;

import dev.invalidator.rules.file.RuleDefinition.Example;
import dev.invalidator.rules.file.RuleDefinition.ExampleRow;
import dev.invalidator.rules.file.RuleDefinition.Expectation;
import dev.invalidator.rules.file.RuleDefinition.Targets;
import dev.invalidator.schemas.change.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one rule file's YAML into {@link RuleDefinition}s, checking its shape: known fields, types, required parts.
 * It reports every problem it finds, each at its {@code file:line:column}, and keeps going so one load shows them all.
 * Templates, conditions and globs are checked later, when the rules are compiled.
 */
public final class RuleFileParser {

    public static final int SUPPORTED_VERSION = 1;

    // Package-private so that tests can hold the JSON Schema of rule files to the same field names.
    static final FieldNames FILE_FIELDS = new FieldNames("version", "rules");
    static final FieldNames RULE_FIELDS = new FieldNames(
            "name", "description", "table", "on", "columns", "when", "invalidate", "allowFlushAll", "soft",
            "examples");
    static final FieldNames TARGET_FIELDS = new FieldNames("keys", "patterns", "tags", "versions", "cascade", "refresh");
    static final FieldNames REFRESH_FIELDS = new FieldNames("key", "columns", "ttl");
    static final FieldNames EXAMPLE_FIELDS = new FieldNames("description", "event", "expect");
    static final FieldNames EVENT_FIELDS = new FieldNames("op", "table", "key", "before", "after");
    static final FieldNames EXPECT_FIELDS = new FieldNames("keys", "patterns", "tags", "versions", "refresh");

    /** A TTL: a whole number and a unit. */
    private static final Pattern TTL = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private static final FieldNames OPERATION_NAMES = new FieldNames("create", "update", "delete", "read", "truncate");

    /** Names end up in metric labels and logs: keep them plain. */
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final Set<Operation> DEFAULT_ON = EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE);

    private final YamlTreeReader yaml = new YamlTreeReader();

    /** The outcome of parsing one file: the file (null when it could not be read at all) and every problem found. */
    public record Result(RuleFile ruleFile, List<RuleProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public Result parse(String file, String content) {
        List<RuleProblem> problems = new ArrayList<>();
        YamlNode root;
        try {
            root = yaml.read(file, content, problems);
        } catch (YamlTreeReader.YamlSyntaxException e) {
            problems.add(RuleProblem.error(e.location(), e.getMessage()));
            return new Result(null, problems);
        }
        if (root == null) {
            problems.add(RuleProblem.error(new SourceLocation(file, 1, 1),
                    "empty rule file: expected 'version: 1' and a 'rules' list"));
            return new Result(null, problems);
        }
        Problems out = new Problems(problems);
        RuleFile ruleFile = ruleFile(file, root, out);
        return new Result(ruleFile, problems);
    }

    private RuleFile ruleFile(String file, YamlNode root, Problems out) {
        Optional<YamlNode.Mapping> mapping = out.mapping(root, "a rule file");
        if (mapping.isEmpty()) {
            return null;
        }
        Fields fields = new Fields(mapping.get(), FILE_FIELDS, out);
        int version = fields.required("version")
                .flatMap(node -> out.integer(node, "'version'"))
                .map(v -> {
                    if (v != SUPPORTED_VERSION) {
                        out.error(fields.node("version").location(),
                                "unsupported version " + v + " (this release reads version " + SUPPORTED_VERSION + ")");
                    }
                    return v;
                })
                .orElse(SUPPORTED_VERSION);
        List<RuleDefinition> rules = new ArrayList<>();
        fields.required("rules").flatMap(node -> out.sequence(node, "'rules'")).ifPresent(sequence -> {
            if (sequence.items().isEmpty()) {
                out.warning(sequence.location(), "'rules' is empty: this file invalidates nothing");
            }
            for (YamlNode item : sequence.items()) {
                rule(item, out).ifPresent(rules::add);
            }
        });
        return new RuleFile(file, version, rules);
    }

    private Optional<RuleDefinition> rule(YamlNode node, Problems out) {
        Optional<YamlNode.Mapping> mapping = out.mapping(node, "a rule");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int errorsBefore = out.errorCount();
        Fields fields = new Fields(mapping.get(), RULE_FIELDS, out);
        fields.optional("description").ifPresent(d -> out.string(d, "'description'"));
        Optional<Located<String>> name = fields.required("name").flatMap(n -> out.locatedString(n, "'name'"));
        name.ifPresent(n -> {
            if (!RULE_NAME.matcher(n.value()).matches()) {
                out.error(n.location(), "rule name '" + n.value() + "' must start with a letter or digit and hold only "
                        + "letters, digits, '_', '.', '-' (at most 128 characters)");
            }
        });
        Optional<Located<String>> table = fields.required("table").flatMap(t -> out.locatedString(t, "'table'"));
        Set<Operation> on = fields.optional("on").map(o -> operations(o, out)).orElse(DEFAULT_ON);
        List<Located<String>> columns = fields.optional("columns")
                .map(c -> out.stringList(c, "'columns'")).orElse(List.of());
        Located<String> when = fields.optional("when").flatMap(w -> out.locatedString(w, "'when'")).orElse(null);
        boolean allowFlushAll = fields.optional("allowFlushAll").flatMap(a -> out.bool(a, "'allowFlushAll'")).orElse(false);
        boolean soft = fields.optional("soft").flatMap(s -> out.bool(s, "'soft'")).orElse(false);
        Optional<Targets> targets = fields.required("invalidate").flatMap(t -> targets(t, out));
        List<Example> examples = fields.optional("examples").map(e -> examples(e, out)).orElse(List.of());

        if (!columns.isEmpty() && !on.contains(Operation.UPDATE)) {
            out.warning(fields.node("columns").location(), "'columns' only narrows updates, and this rule does not fire on update");
        }
        if (out.errorCount() > errorsBefore || name.isEmpty() || table.isEmpty() || targets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RuleDefinition(name.get(), table.get(), on, columns, when, targets.get(), allowFlushAll,
                soft, examples, mapping.get().location()));
    }

    private static Set<Operation> operations(YamlNode node, Problems out) {
        List<Located<String>> names = node instanceof YamlNode.Scalar
                ? out.locatedString(node, "'on'").map(List::of).orElse(List.of())
                : out.stringList(node, "'on'");
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        for (Located<String> name : names) {
            Optional<Operation> op = operationByName(name.value());
            if (op.isPresent()) {
                operations.add(op.get());
            } else {
                Optional<String> meant = Operation.fromCode(name.value())
                        .map(o -> o.name().toLowerCase(Locale.ROOT))
                        .or(() -> OPERATION_NAMES.nearest(name.value()));
                out.error(name.location(), "unknown operation '" + name.value() + "'"
                        + meant.map(o -> " (did you mean '" + o + "'?)")
                                .orElse(" (expected create, update, delete, read or truncate)"));
            }
        }
        if (operations.isEmpty() && names.isEmpty()) {
            out.error(node.location(), "'on' names no operation: leave it out for create, update and delete");
        }
        return operations;
    }

    private static Optional<Operation> operationByName(String name) {
        for (Operation op : Operation.values()) {
            if (op.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    private static Optional<Targets> targets(YamlNode node, Problems out) {
        Optional<YamlNode.Mapping> mapping = out.mapping(node, "'invalidate'");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int errorsBefore = out.errorCount();
        Fields fields = new Fields(mapping.get(), TARGET_FIELDS, out);
        Targets targets = new Targets(
                fields.optional("keys").map(k -> out.stringList(k, "'keys'")).orElse(List.of()),
                fields.optional("patterns").map(p -> out.stringList(p, "'patterns'")).orElse(List.of()),
                fields.optional("tags").map(t -> out.stringList(t, "'tags'")).orElse(List.of()),
                fields.optional("versions").map(v -> out.stringList(v, "'versions'")).orElse(List.of()),
                fields.optional("cascade").flatMap(c -> out.bool(c, "'cascade'")).orElse(false),
                fields.optional("refresh").map(r -> refreshes(r, out)).orElse(List.of()));
        if (targets.isEmpty()) {
            // When the lists were there but unreadable, that error already says what is wrong.
            if (out.errorCount() == errorsBefore) {
                out.error(mapping.get().location(), "rule invalidates nothing: give at least one of keys, patterns, "
                        + "tags, versions or refresh");
            }
            return Optional.empty();
        }
        return Optional.of(targets);
    }

    private static List<RuleDefinition.Refresh> refreshes(YamlNode node, Problems out) {
        List<RuleDefinition.Refresh> refreshes = new ArrayList<>();
        out.sequence(node, "'refresh'").ifPresent(sequence -> {
            for (YamlNode item : sequence.items()) {
                refresh(item, out).ifPresent(refreshes::add);
            }
        });
        return refreshes;
    }

    /** One entry of 'refresh': {@code {key: "product:{id}", columns: [id, title], ttl: 1h}}, all three required. */
    private static Optional<RuleDefinition.Refresh> refresh(YamlNode node, Problems out) {
        Optional<YamlNode.Mapping> mapping = out.mapping(node, "each entry of 'refresh'");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int errorsBefore = out.errorCount();
        Fields fields = new Fields(mapping.get(), REFRESH_FIELDS, out);
        Optional<Located<String>> key = fields.required("key").flatMap(k -> out.locatedString(k, "'key'"));
        List<Located<String>> columns = fields.required("columns").map(c -> {
            List<Located<String>> names = out.stringList(c, "'columns'");
            if (names.isEmpty() && c instanceof YamlNode.Sequence) {
                out.error(c.location(), "'columns' of a refresh names no column: list the columns its value holds");
            }
            return names;
        }).orElse(List.of());
        Optional<Duration> ttl = fields.required("ttl").flatMap(t -> ttl(t, out));
        if (out.errorCount() > errorsBefore || key.isEmpty() || ttl.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RuleDefinition.Refresh(key.get(), columns, ttl.get(), mapping.get().location()));
    }

    private static Optional<Duration> ttl(YamlNode node, Problems out) {
        Optional<Located<String>> text = node instanceof YamlNode.Scalar scalar && !(scalar.value() instanceof String)
                ? Optional.of(new Located<>(String.valueOf(scalar.value()), node.location()))
                : out.locatedString(node, "'ttl'");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = TTL.matcher(text.get().value());
        long amount = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
        if (amount <= 0) {
            out.error(node.location(), "'ttl' must be a positive whole number with a unit ms, s, m, h or d, e.g. 30s "
                    + "or 1h, found '" + text.get().value() + "'");
            return Optional.empty();
        }
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    private static List<Example> examples(YamlNode node, Problems out) {
        List<Example> examples = new ArrayList<>();
        out.sequence(node, "'examples'").ifPresent(sequence -> {
            for (YamlNode item : sequence.items()) {
                example(item, out).ifPresent(examples::add);
            }
        });
        return examples;
    }

    private static Optional<Example> example(YamlNode node, Problems out) {
        Optional<YamlNode.Mapping> mapping = out.mapping(node, "an example");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int errorsBefore = out.errorCount();
        Fields fields = new Fields(mapping.get(), EXAMPLE_FIELDS, out);
        fields.optional("description").ifPresent(d -> out.string(d, "'description'"));
        Optional<YamlNode.Mapping> event = fields.required("event").flatMap(e -> out.mapping(e, "'event'"));
        Optional<YamlNode.Mapping> expect = fields.required("expect").flatMap(e -> out.mapping(e, "'expect'"));
        if (event.isEmpty() || expect.isEmpty()) {
            return Optional.empty();
        }
        Fields eventFields = new Fields(event.get(), EVENT_FIELDS, out);
        Optional<Operation> op = eventFields.required("op").flatMap(o -> out.locatedString(o, "'op'")).flatMap(o -> {
            Optional<Operation> byCode = Operation.fromCode(o.value()).or(() -> operationByName(o.value()));
            if (byCode.isEmpty()) {
                out.error(o.location(), "unknown op '" + o.value() + "' (expected c, u, d, r, t or an operation name)");
            }
            return byCode;
        });
        String table = eventFields.optional("table").flatMap(t -> out.string(t, "'table'")).orElse(null);
        ExampleRow key = eventFields.optional("key").flatMap(k -> row(k, "'key'", out)).orElse(null);
        ExampleRow before = eventFields.optional("before").flatMap(b -> row(b, "'before'", out)).orElse(null);
        ExampleRow after = eventFields.optional("after").flatMap(a -> row(a, "'after'", out)).orElse(null);

        Fields expectFields = new Fields(expect.get(), EXPECT_FIELDS, out);
        Expectation expectation = new Expectation(
                plainStrings(expectFields.optional("keys").map(k -> out.stringList(k, "'keys'")).orElse(List.of())),
                plainStrings(expectFields.optional("patterns").map(p -> out.stringList(p, "'patterns'")).orElse(List.of())),
                plainStrings(expectFields.optional("tags").map(t -> out.stringList(t, "'tags'")).orElse(List.of())),
                plainStrings(expectFields.optional("versions").map(v -> out.stringList(v, "'versions'")).orElse(List.of())),
                expect.get().location(),
                plainStrings(expectFields.optional("refresh").map(r -> out.stringList(r, "'refresh'")).orElse(List.of())));
        if (op.isEmpty() || out.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Example(op.get(), before, after, key, table, expectation, mapping.get().location()));
    }

    /** A row image in an example: column → scalar. YAML null means SQL NULL; a null image is written {@code null}. */
    private static Optional<ExampleRow> row(YamlNode node, String what, Problems out) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value() == null) {
            return Optional.empty();
        }
        return out.mapping(node, what).map(mapping -> {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (YamlNode.Entry entry : mapping.entries()) {
                if (entry.value() instanceof YamlNode.Scalar scalar) {
                    columns.put(entry.key(), scalar.value());
                } else {
                    out.error(entry.value().location(), "column '" + entry.key() + "' in " + what
                            + " must be a single value, found " + entry.value().kind());
                }
            }
            return new ExampleRow(columns);
        });
    }

    private static List<String> plainStrings(List<Located<String>> located) {
        return located.stream().map(Located::value).toList();
    }

    /** Collects problems and reads typed values out of nodes, reporting a wrong type where it was written. */
    private static final class Problems {
        private final List<RuleProblem> problems;

        Problems(List<RuleProblem> problems) {
            this.problems = problems;
        }

        void error(SourceLocation at, String message) {
            problems.add(RuleProblem.error(at, message));
        }

        void warning(SourceLocation at, String message) {
            problems.add(RuleProblem.warning(at, message));
        }

        int errorCount() {
            return (int) problems.stream().filter(RuleProblem::isError).count();
        }

        Optional<YamlNode.Mapping> mapping(YamlNode node, String what) {
            if (node instanceof YamlNode.Mapping mapping) {
                return Optional.of(mapping);
            }
            error(node.location(), what + " must be a mapping, found " + node.kind());
            return Optional.empty();
        }

        Optional<YamlNode.Sequence> sequence(YamlNode node, String what) {
            if (node instanceof YamlNode.Sequence sequence) {
                return Optional.of(sequence);
            }
            error(node.location(), what + " must be a list, found " + node.kind());
            return Optional.empty();
        }

        Optional<String> string(YamlNode node, String what) {
            return locatedString(node, what).map(Located::value);
        }

        Optional<Located<String>> locatedString(YamlNode node, String what) {
            if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text) {
                if (text.isBlank()) {
                    error(node.location(), what + " must not be empty");
                    return Optional.empty();
                }
                return Optional.of(new Located<>(text, node.location()));
            }
            error(node.location(), what + " must be a string, found " + node.kind());
            return Optional.empty();
        }

        /** A list of strings; a single string is accepted where a list of one is meant. */
        List<Located<String>> stringList(YamlNode node, String what) {
            if (node instanceof YamlNode.Scalar) {
                return locatedString(node, what).map(List::of).orElse(List.of());
            }
            List<Located<String>> values = new ArrayList<>();
            sequence(node, what).ifPresent(sequence -> {
                for (YamlNode item : sequence.items()) {
                    locatedString(item, "each entry of " + what).ifPresent(values::add);
                }
            });
            return values;
        }

        Optional<Boolean> bool(YamlNode node, String what) {
            if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean value) {
                return Optional.of(value);
            }
            error(node.location(), what + " must be true or false, found " + node.kind());
            return Optional.empty();
        }

        Optional<Integer> integer(YamlNode node, String what) {
            if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Long value
                    && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return Optional.of(value.intValue());
            }
            error(node.location(), what + " must be a whole number, found " + node.kind());
            return Optional.empty();
        }
    }

    /** The entries of one mapping by name; unknown names are reported once, with a suggestion. */
    private static final class Fields {
        private final Map<String, YamlNode> byName = new LinkedHashMap<>();
        private final YamlNode.Mapping mapping;
        private final Problems out;

        Fields(YamlNode.Mapping mapping, FieldNames allowed, Problems out) {
            this.mapping = mapping;
            this.out = out;
            for (YamlNode.Entry entry : mapping.entries()) {
                if (allowed.contains(entry.key())) {
                    byName.put(entry.key(), entry.value());
                } else {
                    out.error(entry.keyLocation(), allowed.unknown(entry.key()));
                }
            }
        }

        Optional<YamlNode> optional(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        Optional<YamlNode> required(String name) {
            YamlNode node = byName.get(name);
            if (node == null) {
                out.error(mapping.location(), "missing required field '" + name + "'");
            }
            return Optional.ofNullable(node);
        }

        YamlNode node(String name) {
            return byName.get(name);
        }
    }
}
