package dev.invalidator.rules.engine;

import static dev.invalidator.rules.engine.RuleEngineTest.PRODUCTS;
import static dev.invalidator.rules.engine.RuleEngineTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.file.RuleFileParser;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshTargetTest {

    private static final String RULES = """
            version: 1
            rules:
              - name: product-refresh
                table: shop.public.products
                invalidate:
                  keys: ["product-page:{id}"]
                  refresh:
                    - key: "product:{id}"
                      columns: [id, sku, title, price]
                      ttl: 1h
            """;

    private static ChangeEvent event(Operation op, RowImage before, RowImage after, SourcePosition position) {
        return new ChangeEvent(PRODUCTS, op, before, after, row("id", 7), "postgresql", position, false, null, null,
                null, null);
    }

    private static final SourcePosition LSN_100 = new SourcePosition.Postgres(100L, 5L);

    @Test
    void parse_refreshEntry_readsKeyColumnsAndTtl() {
        RuleFileParser.Result parsed = new RuleFileParser().parse("rules.yaml", RULES);

        assertThat(parsed.problems()).filteredOn(RuleProblem::isError).isEmpty();
        var refresh = parsed.ruleFile().rules().get(0).invalidate().refresh();
        assertThat(refresh).singleElement().satisfies(r -> {
            assertThat(r.key().value()).isEqualTo("product:{id}");
            assertThat(r.columns()).extracting(c -> c.value()).containsExactly("id", "sku", "title", "price");
            assertThat(r.ttl()).isEqualTo(Duration.ofHours(1));
            assertThat(r.location().line()).isEqualTo(8);
        });
    }

    @Test
    void plan_update_writesTheProjectionAsJsonWithThePosition() {
        RuleEngine engine = RuleEngineTest.engine(RULES);

        InvalidationPlan plan = engine.plan(event(Operation.UPDATE, null,
                row("id", 7, "sku", "A-1", "title", "Lamp \"XL\"", "price", new BigDecimal("12.50"), "stock", 3),
                LSN_100), BeforeImagePolicy.full());

        assertThat(plan.refreshes()).containsExactly(new PlannedRefresh("product:7", List.of("product-refresh"), false,
                "{\"id\":7,\"sku\":\"A-1\",\"title\":\"Lamp \\\"XL\\\"\",\"price\":12.50}", 3_600_000L,
                "pg:00000000000000000100"));
        assertThat(plan.keyNames()).containsExactly("product-page:7");
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void plan_delete_removesTheKeyWithThePosition() {
        RuleEngine engine = RuleEngineTest.engine(RULES);

        InvalidationPlan plan = engine.plan(event(Operation.DELETE, row("id", 7), null, LSN_100),
                BeforeImagePolicy.full());

        assertThat(plan.refreshes()).singleElement().satisfies(refresh -> {
            assertThat(refresh.key()).isEqualTo("product:7");
            assertThat(refresh.removes()).isTrue();
            assertThat(refresh.position()).isEqualTo("pg:00000000000000000100");
        });
        assertThat(plan.invalidatesNothing()).isFalse();
    }

    @Test
    void plan_eventWithoutComparablePosition_deletesTheKeyAndSaysSo() {
        RuleEngine engine = RuleEngineTest.engine(RULES);

        InvalidationPlan plan = engine.plan(event(Operation.UPDATE, null,
                row("id", 7, "sku", "A-1", "title", "Lamp", "price", 12), new SourcePosition.Unknown("sqlserver")),
                BeforeImagePolicy.full());

        assertThat(plan.refreshes()).isEmpty();
        assertThat(plan.keyNames()).containsExactly("product-page:7", "product:7");
        assertThat(plan.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.type()).isEqualTo(TargetType.REFRESH);
            assertThat(skipped.reason()).isEqualTo(SkipReason.NO_SOURCE_ORDER);
        });
    }

    @Test
    void plan_projectedColumnNotSent_deletesTheKeyInsteadOfWritingAPartialRow() {
        RuleEngine engine = RuleEngineTest.engine(RULES);

        InvalidationPlan plan = engine.plan(event(Operation.UPDATE, null,
                row("id", 7, "sku", "A-1", "title", new ColumnValue.Unavailable(), "price", 12), LSN_100),
                BeforeImagePolicy.full());

        assertThat(plan.refreshes()).isEmpty();
        assertThat(plan.keyNames()).contains("product:7");
        assertThat(plan.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.reason()).isEqualTo(SkipReason.PROJECTION_INCOMPLETE);
            assertThat(skipped.explanation()).contains("after.title");
        });
    }

    @Test
    void plan_nullColumnAndJsonColumn_areJsonNullAndEmbeddedJson() {
        RuleEngine engine = RuleEngineTest.engine(RULES.replace("[id, sku, title, price]", "[id, sku, attrs]"));

        InvalidationPlan plan = engine.plan(event(Operation.CREATE, null,
                row("id", 7, "sku", null, "attrs", new ColumnValue.Other("{\"a\":[1,2]}")), LSN_100),
                BeforeImagePolicy.full());

        assertThat(plan.refreshes()).singleElement().extracting(PlannedRefresh::value)
                .isEqualTo("{\"id\":7,\"sku\":null,\"attrs\":{\"a\":[1,2]}}");
    }

    @Test
    void compile_badKeyTemplateAndRepeatedColumn_areErrorsAtTheirPlace() {
        RuleFileParser.Result parsed = new RuleFileParser().parse("rules.yaml", """
                version: 1
                rules:
                  - name: r
                    table: public.products
                    on: [create, update]
                    invalidate:
                      refresh:
                        - key: "product:{id"
                          columns: [id, id]
                          ttl: 5m
                """);

        RuleEngine.Compilation compilation = RuleEngine.compile(parsed.ruleFile().rules());

        assertThat(compilation.problems()).filteredOn(RuleProblem::isError).extracting(RuleProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("rules.yaml:8:25: refresh 'product:{id': unclosed '{'"))
                .anySatisfy(p -> assertThat(p).startsWith("rules.yaml:9:25: column 'id' is listed twice"));
        assertThat(compilation.problems()).filteredOn(p -> !p.isError()).extracting(RuleProblem::message)
                .anySatisfy(m -> assertThat(m).contains("does not fire on delete"));
    }

    @Test
    void parse_badTtl_isAnErrorAtTheTtl() {
        RuleFileParser.Result parsed = new RuleFileParser().parse("rules.yaml", """
                version: 1
                rules:
                  - name: r
                    table: public.products
                    invalidate:
                      refresh: [{ key: "p:{id}", columns: [id], ttl: 0s }]
                """);

        assertThat(parsed.problems()).filteredOn(RuleProblem::isError).extracting(RuleProblem::toString)
                .containsExactly("rules.yaml:6:54: 'ttl' must be a positive whole number with a unit ms, s, m, h or d, "
                        + "e.g. 30s or 1h, found '0s'");
    }

    @Test
    void check_refreshExpectations_areCompared() {
        RuleEngine engine = RuleEngineTest.engine(RULES + """
                    examples:
                      - event: { op: u, after: { id: 7, sku: A, title: Lamp, price: 12 } }
                        expect: { keys: ["product-page:7"], refresh: ["product:7"] }
                      - event: { op: d, before: { id: 8 } }
                        expect: { keys: ["product-page:8"], refresh: ["product:8"] }
                      - event: { op: u, after: { id: 9, sku: A, title: Lamp, price: 12 } }
                        expect: { keys: ["product-page:9", "product:9"] }
                """);

        assertThat(new ExampleChecker().check(engine)).extracting(RuleProblem::toString).containsExactly(
                "rules.yaml:17:17: example of rule 'product-refresh' fails: keys expected [product-page:9, product:9] "
                        + "but got [product-page:9]; refresh expected [] but got [product:9]");
    }
}
