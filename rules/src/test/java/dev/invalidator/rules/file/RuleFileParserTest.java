package dev.invalidator.rules.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.Operation;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {

    private final RuleFileParser parser = new RuleFileParser();

    private RuleFileParser.Result parse(String yaml) {
        return parser.parse("shop.yaml", yaml);
    }

    private static List<String> printed(RuleFileParser.Result result) {
        return result.problems().stream().map(RuleProblem::toString).toList();
    }

    @Test
    void parse_designSample_readsEveryPartWithLocations() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: product-changed
                    table: shop.public.products
                    on: [update, delete]
                    columns: [price, title, category_id]
                    when: "after.status != 'draft'"
                    invalidate:
                      keys:     ["product:{id}", "product:sku:{before.sku}", "product:sku:{after.sku}"]
                      patterns: ["category:{after.category_id}:page:*"]
                      tags:     ["category:{before.category_id}", "category:{after.category_id}"]
                      cascade:  true
                    examples:
                      - event: { op: u, before: { id: 7, sku: A, price: 10 }, after: { id: 7, sku: A, price: 12.5, note: null } }
                        expect: { keys: ["product:7", "product:sku:A"], tags: ["category:3"] }
                """);

        assertThat(result.problems()).isEmpty();
        RuleDefinition rule = result.ruleFile().rules().get(0);
        assertThat(rule.name().value()).isEqualTo("product-changed");
        assertThat(rule.name().location()).isEqualTo(new SourceLocation("shop.yaml", 3, 11));
        assertThat(rule.table().value()).isEqualTo("shop.public.products");
        assertThat(rule.on()).containsExactlyInAnyOrder(Operation.UPDATE, Operation.DELETE);
        assertThat(rule.columns()).extracting(Located::value).containsExactly("price", "title", "category_id");
        assertThat(rule.when().value()).isEqualTo("after.status != 'draft'");
        assertThat(rule.when().location()).isEqualTo(new SourceLocation("shop.yaml", 7, 12));
        assertThat(rule.invalidate().keys()).extracting(Located::value)
                .containsExactly("product:{id}", "product:sku:{before.sku}", "product:sku:{after.sku}");
        assertThat(rule.invalidate().keys().get(1).location().line()).isEqualTo(9);
        assertThat(rule.invalidate().patterns()).extracting(Located::value).containsExactly("category:{after.category_id}:page:*");
        assertThat(rule.invalidate().cascade()).isTrue();
        RuleDefinition.Example example = rule.examples().get(0);
        assertThat(example.op()).isEqualTo(Operation.UPDATE);
        assertThat(example.before().columns()).containsEntry("id", 7L).containsEntry("sku", "A").containsEntry("price", 10L);
        assertThat(example.after().columns()).containsEntry("price", new BigDecimal("12.5")).containsEntry("note", null);
        assertThat(example.expect().keys()).containsExactly("product:7", "product:sku:A");
        assertThat(example.expect().patterns()).isEmpty();
    }

    @Test
    void parse_onOmitted_firesOnCreateUpdateDelete() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: r
                    table: public.products
                    invalidate: { keys: ["product:{id}"] }
                """);

        assertThat(result.ruleFile().rules().get(0).on())
                .containsExactlyInAnyOrder(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
    }

    @Test
    void parse_yamlSyntaxError_namesLineAndColumn() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: r
                    table: [unclosed
                """);

        assertThat(result.ruleFile()).isNull();
        assertThat(printed(result)).containsExactly(
                "shop.yaml:4:21: YAML syntax: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    }

    @Test
    void parse_unknownField_namesItsPlaceAndSuggestsTheNearest() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: r
                    table: public.products
                    invalidate:
                      keys: ["product:{id}"]
                      patern: ["x:*"]
                """);

        assertThat(printed(result)).containsExactly("shop.yaml:7:7: unknown field 'patern' (did you mean 'patterns'?)");
    }

    @Test
    void parse_unknownFieldFarFromAny_listsTheAllowedOnes() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules: []
                owner: team-a
                """);

        assertThat(printed(result)).contains("shop.yaml:3:1: unknown field 'owner' (allowed: version, rules)");
    }

    @Test
    void parse_manyProblems_reportsEveryOneNotJustTheFirst() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: 7
                    table: public.products
                    on: [u, upsert, delet]
                    invalidate: { keys: ["product:{id}"], cascade: "yes please" }
                  - name: empty
                    table: public.orders
                    invalidate: {}
                  - table: public.customers
                    invalidate: { keys: [1] }
                """);

        assertThat(printed(result)).containsExactly(
                "shop.yaml:3:11: 'name' must be a string, found a number",
                "shop.yaml:5:10: unknown operation 'u' (did you mean 'update'?)",
                "shop.yaml:5:13: unknown operation 'upsert' (expected create, update, delete, read or truncate)",
                "shop.yaml:5:21: unknown operation 'delet' (did you mean 'delete'?)",
                "shop.yaml:6:53: 'cascade' must be true or false, found a string",
                "shop.yaml:9:17: rule invalidates nothing: give at least one of keys, patterns, tags, versions or refresh",
                "shop.yaml:10:5: missing required field 'name'",
                "shop.yaml:11:26: each entry of 'keys' must be a string, found a number");
        assertThat(result.ruleFile().rules()).isEmpty();
    }

    @Test
    void parse_duplicateKey_isError() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: r
                    table: public.products
                    table: public.orders
                    invalidate: { keys: ["k"] }
                """);

        assertThat(printed(result)).containsExactly("shop.yaml:5:5: duplicate key 'table'");
    }

    @Test
    void parse_badRuleName_isError() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: "product changed!"
                    table: public.products
                    invalidate: { keys: ["k"] }
                """);

        assertThat(printed(result)).singleElement().asString().startsWith("shop.yaml:3:12: rule name 'product changed!' must");
    }

    @Test
    void parse_unsupportedVersion_saysWhichIsRead() {
        RuleFileParser.Result result = parse("""
                version: 2
                rules: []
                """);

        assertThat(printed(result)).contains("shop.yaml:1:10: unsupported version 2 (this release reads version 1)");
    }

    @Test
    void parse_emptyFile_isError() {
        assertThat(printed(parse(""))).containsExactly(
                "shop.yaml:1:1: empty rule file: expected 'version: 1' and a 'rules' list");
    }

    @Test
    void parse_columnsWithoutUpdate_isWarningNotError() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: r
                    table: public.products
                    on: delete
                    columns: [price]
                    invalidate: { keys: ["product:{id}"] }
                """);

        assertThat(result.ruleFile().rules()).hasSize(1);
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isFalse();
            assertThat(problem.toString()).isEqualTo(
                    "shop.yaml:6:14: warning: 'columns' only narrows updates, and this rule does not fire on update");
        });
    }

    @Test
    void parse_exampleWithNullImageAndUnknownOp_reportsTheOp() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules:
                  - name: r
                    table: public.products
                    invalidate: { keys: ["product:{id}"] }
                    examples:
                      - event: { op: d, before: { id: 1 }, after: null }
                        expect: { keys: ["product:1"] }
                      - event: { op: x }
                        expect: {}
                """);

        assertThat(printed(result)).containsExactly(
                "shop.yaml:9:22: unknown op 'x' (expected c, u, d, r, t or an operation name)");
    }

    @Test
    void parse_multipleDocuments_isError() {
        RuleFileParser.Result result = parse("""
                version: 1
                rules: []
                ---
                version: 1
                """);

        assertThat(printed(result)).anySatisfy(p -> assertThat(p).contains("one YAML document"));
    }
}
