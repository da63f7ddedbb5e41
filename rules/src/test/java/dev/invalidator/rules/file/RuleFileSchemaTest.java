package dev.invalidator.rules.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.invalidator.rules.engine.ExampleChecker;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.MessageSchema;
import dev.invalidator.schemas.json.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the rule-file JSON Schema to what the loader accepts: the example rule sets validate, files the loader
 * rejects are rejected by the schema too (and the other way round), and both know the same field names.
 */
class RuleFileSchemaTest {

    static final String SCHEMA_RESOURCE = "schemas/rule-file.schema.json";
    /** Surefire runs in the module directory. */
    static final Path EXAMPLES = Path.of("examples");

    private static final MessageSchema SCHEMA = MessageSchema.fromClasspath(SCHEMA_RESOURCE);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The schema's violations for a YAML document, read as editors read it. */
    private static List<Violation> schemaViolations(String yaml) throws IOException {
        JsonNode tree = YAML.readTree(yaml);
        DecodeResult<?> result = SCHEMA.check(JSON.writeValueAsBytes(tree));
        return result.violations();
    }

    /** Every error the loader reports: parsing, then compiling, then the examples. */
    private static List<String> loaderErrors(String yaml) {
        RuleFileParser.Result parsed = new RuleFileParser().parse("rules.yaml", yaml);
        List<RuleProblem> errors = new ArrayList<>(parsed.problems().stream().filter(RuleProblem::isError).toList());
        if (errors.isEmpty()) {
            RuleEngine.Compilation compiled = RuleEngine.compile(parsed.ruleFile().rules());
            errors.addAll(compiled.problems().stream().filter(RuleProblem::isError).toList());
            compiled.engine().ifPresent(engine -> errors.addAll(new ExampleChecker().check(engine)));
        }
        return errors.stream().map(RuleProblem::toString).toList();
    }

    static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void exampleFiles_exist() throws IOException {
        assertThat(exampleFiles()).hasSizeGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void validate_exampleFile_satisfiesTheSchemaAndTheParser(Path file) throws IOException {
        String yaml = Files.readString(file);

        assertThat(schemaViolations(yaml)).isEmpty();
        assertThat(new RuleFileParser().parse(file.toString(), yaml).problems()).filteredOn(RuleProblem::isError).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void exampleFile_firstLine_pointsEditorsAtTheSchema(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        String prefix = "# yaml-language-server: $schema=";

        assertThat(first).startsWith(prefix);
        Path schema = file.getParent().resolve(first.substring(prefix.length())).normalize();
        assertThat(schema).isEqualTo(Path.of("src", "main", "resources").resolve(SCHEMA_RESOURCE)).isRegularFile();
    }

    @Test
    void validate_everyShorthandTheParserAccepts_satisfiesTheSchema() throws IOException {
        String yaml = """
                version: 1
                rules:
                  - name: shorthands.1
                    table: "*.public.product_?"
                    on: update
                    columns: price
                    allowFlushAll: false
                    soft: true
                    invalidate:
                      keys: "product:{id}"
                      patterns: []
                      cascade: false
                    examples:
                      - event: { op: update, table: shop.public.product_a, key: { id: 1 }, before: null,
                                 after: { id: 1, price: 2.5, big: 123456789012345678901234567890, on_sale: true, note: null } }
                        expect: { keys: "product:1" }
                      - event: { op: u, table: public.product_b, after: { id: 2, price: 3 } }
                        expect: { keys: ["product:2"], patterns: [], tags: [] }
                  - name: tags-only
                    description: "\u00a0"
                    table: public.categories
                    on: [create, delete, read, truncate]
                    invalidate: { tags: ["category:{id}"] }
                    examples: []
                """;

        assertThat(loaderErrors(yaml)).isEmpty();
        assertThat(schemaViolations(yaml)).isEmpty();
    }

    @Test
    void validate_emptyRuleList_isAcceptedByBoth() throws IOException {
        String yaml = "version: 1\nrules: []\n";

        assertThat(loaderErrors(yaml)).isEmpty();
        assertThat(schemaViolations(yaml)).isEmpty();
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                invalid("not a mapping", "- version: 1\n", "rule file must be a mapping", "/"),
                invalid("version missing", "rules: []\n", "missing required field 'version'", "/version"),
                invalid("version 2", "version: 2\nrules: []\n", "unsupported version 2", "/version"),
                invalid("version as text", "version: \"1\"\nrules: []\n", "'version' must be a whole number", "/version"),
                invalid("rules missing", "version: 1\n", "missing required field 'rules'", "/rules"),
                invalid("unknown file field", "version: 1\nrule: []\nrules: []\n", "unknown field 'rule'", "/rule"),
                invalidRule("unknown rule field", "patern: [\"a:*\"]", "unknown field 'patern'", "/rules/0/patern"),
                invalidRule("bad name", "name: product changed", "rule name 'product changed'", "/rules/0/name"),
                invalidRule("name too long", "name: " + "n".repeat(129), "at most 128 characters", "/rules/0/name"),
                invalidRule("blank description", "description: \" \"", "'description' must not be empty",
                        "/rules/0/description"),
                invalidRule("description of white space", "description: \"\\t\\u2003\\u3000\"",
                        "'description' must not be empty", "/rules/0/description"),
                invalidRule("table with four parts", "table: shop.public.products.extra",
                        "must be <prefix>.<schema>.<table>", "/rules/0/table"),
                invalidRule("table with a space", "table: \"shop.public.prod ucts\"", "has ' ' where", "/rules/0/table"),
                invalidRule("op code in on", "on: [u]", "unknown operation 'u' (did you mean 'update'?)", "/rules/0/on"),
                invalidRule("capitalised on", "on: Update", "unknown operation 'Update'", "/rules/0/on"),
                invalidRule("empty on", "on: []", "'on' names no operation", "/rules/0/on"),
                invalidRule("number in columns", "columns: [price, 2]", "each entry of 'columns' must be a string",
                        "/rules/0/columns/1"),
                invalidRule("empty when", "when: \"\"", "'when' must not be empty", "/rules/0/when"),
                invalidRule("allowFlushAll as text", "allowFlushAll: \"yes\"", "'allowFlushAll' must be true or false",
                        "/rules/0/allowFlushAll"),
                invalidRule("soft as text", "soft: \"yes\"", "'soft' must be true or false", "/rules/0/soft"),
                invalidRule("examples as a mapping", "examples: { event: { op: c } }", "'examples' must be a list",
                        "/rules/0/examples"),
                invalid("invalidate missing", """
                        version: 1
                        rules:
                          - name: r
                            table: public.products
                        """, "missing required field 'invalidate'", "/rules/0/invalidate"),
                invalidTargets("only cascade", "{ cascade: true }", "rule invalidates nothing", "/rules/0/invalidate"),
                invalidTargets("empty lists", "{ keys: [], tags: [] }", "rule invalidates nothing", "/rules/0/invalidate"),
                invalidTargets("empty versions", "{ versions: [] }", "rule invalidates nothing", "/rules/0/invalidate"),
                invalidTargets("blank version", "{ versions: [\"u:{id}\", \"\"] }", "must not be empty",
                        "/rules/0/invalidate/versions/1"),
                invalidTargets("unknown target", "{ keys: [\"p:{id}\"], key: [\"p:{id}\"] }", "unknown field 'key'",
                        "/rules/0/invalidate/key"),
                invalidTargets("blank key", "{ keys: [\"p:{id}\", \"\"] }", "must not be empty", "/rules/0/invalidate/keys/1"),
                invalidTargets("empty refresh", "{ refresh: [] }", "rule invalidates nothing", "/rules/0/invalidate"),
                invalidTargets("refresh without ttl", "{ refresh: [{ key: \"p:{id}\", columns: [id] }] }",
                        "missing required field 'ttl'", "/rules/0/invalidate/refresh/0/ttl"),
                invalidTargets("refresh ttl without unit", "{ refresh: [{ key: \"p:{id}\", columns: [id], ttl: 3600 }] }",
                        "'ttl' must be a positive whole number with a unit", "/rules/0/invalidate/refresh/0/ttl"),
                invalidTargets("refresh without columns", "{ refresh: [{ key: \"p:{id}\", columns: [], ttl: 1h }] }",
                        "names no column", "/rules/0/invalidate/refresh/0/columns"),
                invalidTargets("refresh with blank key", "{ refresh: [{ key: \" \", columns: [id], ttl: 1h }] }",
                        "'key' must not be empty", "/rules/0/invalidate/refresh/0/key"),
                invalidTargets("unknown refresh field", "{ refresh: [{ key: \"p:{id}\", column: [id], ttl: 1h }] }",
                        "unknown field 'column' (did you mean 'columns'?)", "/rules/0/invalidate/refresh/0/column"),
                invalidTargets("cascade as text", "{ keys: [\"p:{id}\"], cascade: \"true\" }", "must be true or false",
                        "/rules/0/invalidate/cascade"),
                invalidExample("unknown op", "{ event: { op: x, after: { id: 1 } }, expect: {} }", "unknown op 'x'",
                        "/rules/0/examples/0/event/op"),
                invalidExample("op missing", "{ event: { after: { id: 1 } }, expect: {} }",
                        "missing required field 'op'", "/rules/0/examples/0/event/op"),
                invalidExample("expect missing", "{ event: { op: c, after: { id: 1 } } }",
                        "missing required field 'expect'", "/rules/0/examples/0/expect"),
                invalidExample("nested column value", "{ event: { op: c, after: { id: 1, tags: [a] } }, expect: {} }",
                        "column 'tags' in 'after' must be a single value", "/rules/0/examples/0/event/after/tags"),
                invalidExample("image as a list", "{ event: { op: c, after: [1] }, expect: {} }",
                        "'after' must be a mapping", "/rules/0/examples/0/event/after"),
                invalidExample("misspelt expect field", "{ event: { op: c, after: { id: 1 } }, expect: { key: [\"p:1\"] } }",
                        "unknown field 'key' (did you mean 'keys'?)", "/rules/0/examples/0/expect/key"),
                invalidExample("unknown example field", "{ event: { op: c }, expect: {}, expected: {} }",
                        "unknown field 'expected'", "/rules/0/examples/0/expected"),
                invalidExample("glob as the example's table", "{ event: { op: c, table: public.product_*, after: { id: 1 } }, "
                        + "expect: {} }", "the example's table 'public.product_*' is a glob", "/rules/0/examples/0/event/table"));
    }

    private static Arguments invalid(String name, String yaml, String loaderSays, String schemaPointer) {
        return Arguments.of(name, yaml, loaderSays, schemaPointer);
    }

    private static final String RULE = """
            version: 1
            rules:
              - name: r
                table: public.products
                invalidate: { keys: ["p:{id}"] }
            """;

    /** A valid rule with one field replaced (or added). */
    private static Arguments invalidRule(String name, String field, String loaderSays, String schemaPointer) {
        String key = field.substring(0, field.indexOf(':'));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "r");
        fields.put("table", "public.products");
        fields.put("invalidate", "{ keys: [\"p:{id}\"] }");
        fields.put(key, field.substring(field.indexOf(':') + 1).strip());
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        String indent = "  - ";
        for (Map.Entry<String, String> entry : fields.entrySet()) {
            yaml.append(indent).append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
            indent = "    ";
        }
        return invalid(name, yaml.toString(), loaderSays, schemaPointer);
    }

    private static Arguments invalidTargets(String name, String invalidate, String loaderSays, String schemaPointer) {
        return invalid(name, RULE.replace("{ keys: [\"p:{id}\"] }", invalidate), loaderSays, schemaPointer);
    }

    private static Arguments invalidExample(String name, String example, String loaderSays, String schemaPointer) {
        return invalid(name, RULE + "    examples:\n      - " + example + "\n", loaderSays, schemaPointer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void validate_fileTheLoaderRejects_isRejectedByTheSchemaAtTheSameField(
            String name, String yaml, String loaderSays, String schemaPointer) throws IOException {
        assertThat(loaderErrors(yaml)).as("loader errors").anySatisfy(error -> assertThat(error).contains(loaderSays));
        assertThat(schemaViolations(yaml)).as("schema violations")
                .anySatisfy(violation -> assertThat(violation.pointer()).isEqualTo(schemaPointer));
    }

    /** The schema's object definitions, by the parser's name for the same mapping. */
    private static Map<String, JsonNode> schemaObjects(JsonNode schema) {
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        objects.put("file", schema);
        JsonNode defs = schema.get("$defs");
        objects.put("rule", defs.get("rule"));
        objects.put("invalidate", defs.get("invalidate"));
        objects.put("example", defs.get("example"));
        objects.put("event", defs.get("event"));
        objects.put("expect", defs.get("expect"));
        objects.put("refresh", defs.get("refresh"));
        return objects;
    }

    private static Map<String, FieldNames> parserMappings() {
        Map<String, FieldNames> fields = new LinkedHashMap<>();
        fields.put("file", RuleFileParser.FILE_FIELDS);
        fields.put("rule", RuleFileParser.RULE_FIELDS);
        fields.put("invalidate", RuleFileParser.TARGET_FIELDS);
        fields.put("example", RuleFileParser.EXAMPLE_FIELDS);
        fields.put("event", RuleFileParser.EVENT_FIELDS);
        fields.put("expect", RuleFileParser.EXPECT_FIELDS);
        fields.put("refresh", RuleFileParser.REFRESH_FIELDS);
        return fields;
    }

    private static JsonNode schemaTree() throws IOException {
        try (InputStream in = RuleFileSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as(SCHEMA_RESOURCE).isNotNull();
            return JSON.readTree(in);
        }
    }

    @Test
    void schema_fieldNames_areTheParsersFieldNames() throws IOException {
        Map<String, JsonNode> objects = schemaObjects(schemaTree());
        Map<String, FieldNames> parser = parserMappings();

        for (Map.Entry<String, FieldNames> mapping : parser.entrySet()) {
            JsonNode object = objects.get(mapping.getKey());
            assertThat(fieldNames(object.get("properties"))).as(mapping.getKey())
                    .containsExactlyInAnyOrderElementsOf(mapping.getValue().names());
            assertThat(object.get("additionalProperties").asBoolean(true)).as(mapping.getKey() + " closed").isFalse();
        }
    }

    @Test
    void schema_everyObjectWithFields_isOneTheParserReads() throws IOException {
        JsonNode schema = schemaTree();
        List<JsonNode> withFields = new ArrayList<>(List.of(schema));
        schema.get("$defs").forEach(def -> {
            if (def.has("properties")) {
                withFields.add(def);
            }
        });

        assertThat(withFields).containsExactlyInAnyOrderElementsOf(schemaObjects(schema).values());
    }

    @Test
    void schema_everyField_hasADescription() throws IOException {
        for (Map.Entry<String, JsonNode> object : schemaObjects(schemaTree()).entrySet()) {
            for (Map.Entry<String, JsonNode> field : object.getValue().get("properties").properties()) {
                assertThat(field.getValue().path("description").asText())
                        .as(object.getKey() + "." + field.getKey()).isNotBlank();
            }
        }
    }

    private static List<String> fieldNames(JsonNode properties) {
        return properties.properties().stream().map(Map.Entry::getKey).toList();
    }
}
