package dev.invalidator.rules.engine;

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
import dev.invalidator.schemas.change.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

    static final TableId PRODUCTS = new TableId("shop", "shop", "public", "products");

    static RuleEngine.Compilation compile(String yaml) {
        RuleFileParser.Result parsed = new RuleFileParser().parse("rules.yaml", yaml);
        assertThat(parsed.problems()).filteredOn(RuleProblem::isError).isEmpty();
        return RuleEngine.compile(parsed.ruleFile().rules());
    }

    static RuleEngine engine(String yaml) {
        RuleEngine.Compilation compilation = compile(yaml);
        assertThat(compilation.problems()).filteredOn(RuleProblem::isError).isEmpty();
        return compilation.engine().orElseThrow();
    }

    /** Alternating column names and values: row("id", 7, "sku", "A"). */
    static RowImage row(Object... columnsAndValues) {
        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            Object value = columnsAndValues[i + 1];
            columns.put((String) columnsAndValues[i], value instanceof ColumnValue v ? v : ExampleChecker.valueOf(
                    value instanceof Integer n ? Long.valueOf(n) : value));
        }
        return new RowImage(columns);
    }

    static ChangeEvent event(TableId table, Operation op, RowImage before, RowImage after, RowImage key) {
        return new ChangeEvent(table, op, before, after, key, "postgresql", new SourcePosition.Postgres(1L, 1L), false,
                null, null, null, null);
    }

    private static final String PRODUCT_RULES = """
            version: 1
            rules:
              - name: product-changed
                table: shop.public.products
                on: [update, delete]
                invalidate:
                  keys:     ["product:{id}", "product:sku:{before.sku}", "product:sku:{after.sku}"]
                  patterns: ["category:{after.category_id}:page:*"]
                  tags:     ["category:{before.category_id}", "category:{after.category_id}"]
                  cascade:  true
              - name: product-page
                table: public.products
                invalidate:
                  keys: ["product:{id}", "page:product:{id}"]
            """;

    @Test
    void plan_categoryMove_invalidatesBothCategoriesWithProvenance() {
        RuleEngine engine = engine(PRODUCT_RULES);
        ChangeEvent move = event(PRODUCTS, Operation.UPDATE,
                row("id", 7, "sku", "A", "category_id", 3), row("id", 7, "sku", "A", "category_id", 4), row("id", 7));

        InvalidationPlan plan = engine.plan(move, BeforeImagePolicy.full());

        assertThat(plan.matchedRules()).containsExactly("product-changed", "product-page");
        assertThat(plan.keys()).containsExactly(
                new PlannedTarget("product:7", List.of("product-changed", "product-page"), true),
                new PlannedTarget("product:sku:A", List.of("product-changed"), true),
                new PlannedTarget("page:product:7", List.of("product-page"), false));
        assertThat(plan.patternNames()).containsExactly("category:4:page:*");
        assertThat(plan.tagNames()).containsExactly("category:3", "category:4");
        assertThat(plan.cascade()).isTrue();
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void plan_softRule_marksItsTargetsSoftAndAHardRuleWins() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: price-soft
                    table: public.products
                    soft: true
                    invalidate:
                      keys: ["product:{id}", "price:{id}"]
                      patterns: ["category:{category_id}:page:*"]
                      tags: ["category:{category_id}"]
                      versions: ["product-v:{id}"]
                  - name: product-hard
                    table: public.products
                    invalidate:
                      keys: ["product:{id}"]
                      tags: ["category:{category_id}"]
                """);

        InvalidationPlan plan = engine.plan(event(PRODUCTS, Operation.UPDATE, null,
                row("id", 7, "category_id", 3), row("id", 7)), BeforeImagePolicy.full());

        assertThat(plan.keys()).containsExactly(
                new PlannedTarget("product:7", List.of("price-soft", "product-hard"), false, false),
                new PlannedTarget("price:7", List.of("price-soft"), false, true));
        assertThat(plan.patterns()).singleElement().extracting(PlannedTarget::soft).isEqualTo(true);
        assertThat(plan.tags()).singleElement().extracting(PlannedTarget::soft).isEqualTo(false);
        assertThat(plan.versions()).singleElement().extracting(PlannedTarget::soft).isEqualTo(true);
    }

    @Test
    void plan_ruleWithoutSoft_isHard() {
        InvalidationPlan plan = engine(PRODUCT_RULES).plan(event(PRODUCTS, Operation.CREATE, null, row("id", 8),
                row("id", 8)), BeforeImagePolicy.full());

        assertThat(plan.keys()).isNotEmpty().noneMatch(PlannedTarget::soft);
    }

    @Test
    void plan_versionTargets_areRenderedLikeKeysAndMergedAcrossRules() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: user-changed
                    table: shop.public.users
                    invalidate:
                      versions: ["user:{id}", "user:email:{before.email}", "user:{{{id}}}"]
                  - name: user-profile
                    table: public.users
                    invalidate:
                      keys: ["profile:{id}"]
                      versions: "user:{id}"
                """);
        TableId users = new TableId("shop", "shop", "public", "users");

        InvalidationPlan plan = engine.plan(event(users, Operation.UPDATE, row("id", 7, "email", null),
                row("id", 7, "email", "a*b"), row("id", 7)), BeforeImagePolicy.full());

        assertThat(plan.versions()).containsExactly(
                new PlannedTarget("user:7", List.of("user-changed", "user-profile")),
                new PlannedTarget("user:{7}", List.of("user-changed")));
        assertThat(plan.keyNames()).containsExactly("profile:7");
        assertThat(plan.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.type()).isEqualTo(TargetType.VERSION);
            assertThat(skipped.reason()).isEqualTo(SkipReason.NULL);
        });
        assertThat(plan.invalidatesNothing()).isFalse();
    }

    @Test
    void plan_onlyVersionTargets_invalidatesSomething() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: user-changed
                    table: public.users
                    invalidate: { versions: ["user:{id}"] }
                """);

        InvalidationPlan plan = engine.plan(event(new TableId("shop", "shop", "public", "users"), Operation.DELETE,
                row("id", 9), null, row("id", 9)), BeforeImagePolicy.full());

        assertThat(plan.versionNames()).containsExactly("user:9");
        assertThat(plan.invalidatesNothing()).isFalse();
    }

    @Test
    void plan_createOfRuleWithoutCreate_firesOnlyTheOtherRule() {
        RuleEngine engine = engine(PRODUCT_RULES);

        InvalidationPlan plan = engine.plan(event(PRODUCTS, Operation.CREATE, null, row("id", 8), row("id", 8)),
                BeforeImagePolicy.full());

        assertThat(plan.matchedRules()).containsExactly("product-page");
        assertThat(plan.cascade()).isFalse();
    }

    @Test
    void plan_tableWithoutRules_isEmpty() {
        RuleEngine engine = engine(PRODUCT_RULES);

        InvalidationPlan plan = engine.plan(event(new TableId("shop", "shop", "public", "orders"), Operation.CREATE,
                null, row("id", 1), row("id", 1)), BeforeImagePolicy.full());

        assertThat(plan).isEqualTo(InvalidationPlan.empty());
        assertThat(engine.coversTable(PRODUCTS)).isTrue();
    }

    @Test
    void plan_ruleWithoutPrefix_matchesEveryPrefix() {
        RuleEngine engine = engine(PRODUCT_RULES);

        InvalidationPlan plan = engine.plan(event(new TableId("other", "db", "public", "products"), Operation.CREATE,
                null, row("id", 1), row("id", 1)), BeforeImagePolicy.full());

        assertThat(plan.matchedRules()).containsExactly("product-page");
    }

    @Test
    void plan_deleteUnderPartialBeforeImages_skipsFillerButKeepsKeyColumns() {
        RuleEngine engine = engine(PRODUCT_RULES);
        ChangeEvent delete = event(PRODUCTS, Operation.DELETE, row("id", 7, "sku", "", "category_id", 0), null, row("id", 7));

        InvalidationPlan plan = engine.plan(delete, BeforeImagePolicy.keyColumnsOnly());

        assertThat(plan.keyNames()).containsExactly("product:7", "page:product:7");
        assertThat(plan.skipped()).extracting(SkippedTarget::template, SkippedTarget::reason).contains(
                org.assertj.core.groups.Tuple.tuple("product:sku:{before.sku}", SkipReason.BEFORE_IMAGE_PARTIAL),
                org.assertj.core.groups.Tuple.tuple("category:{before.category_id}", SkipReason.BEFORE_IMAGE_PARTIAL));
    }

    @Test
    void plan_nullValue_isSkippedNeverRenderedAsNull() {
        RuleEngine engine = engine(PRODUCT_RULES);

        InvalidationPlan plan = engine.plan(event(PRODUCTS, Operation.UPDATE, row("id", 7, "sku", null, "category_id", 3),
                row("id", 7, "sku", null, "category_id", 3), row("id", 7)), BeforeImagePolicy.full());

        assertThat(plan.keyNames()).noneMatch(key -> key.contains("null"));
        assertThat(plan.skipped()).extracting(SkippedTarget::reason).containsOnly(SkipReason.NULL);
    }

    @Test
    void plan_valueWithGlobCharacters_isEscapedInPatterns() {
        RuleEngine engine = engine(PRODUCT_RULES);

        InvalidationPlan plan = engine.plan(event(PRODUCTS, Operation.UPDATE, null, row("id", 7, "category_id", "*"),
                row("id", 7)), BeforeImagePolicy.full());

        assertThat(plan.patternNames()).containsExactly("category:\\*:page:*");
    }

    @Test
    void plan_columnsFilter_firesOnlyWhenAListedColumnChanged() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: price
                    table: shop.public.products
                    columns: [price, title]
                    invalidate: { keys: ["product:{id}"] }
                """);
        RowImage key = row("id", 7);

        InvalidationPlan unchanged = engine.plan(event(PRODUCTS, Operation.UPDATE, row("id", 7, "price", 10, "stock", 1),
                row("id", 7, "price", 10, "stock", 2), key), BeforeImagePolicy.full());
        InvalidationPlan changed = engine.plan(event(PRODUCTS, Operation.UPDATE, row("id", 7, "price", 10),
                row("id", 7, "price", 12), key), BeforeImagePolicy.full());
        InvalidationPlan unknownBefore = engine.plan(event(PRODUCTS, Operation.UPDATE, null,
                row("id", 7, "price", 10), key), BeforeImagePolicy.full());
        InvalidationPlan fillerBefore = engine.plan(event(PRODUCTS, Operation.UPDATE, row("id", 7, "price", 10),
                row("id", 7, "price", 10), key), BeforeImagePolicy.keyColumnsOnly());
        InvalidationPlan toastUnchanged = engine.plan(event(PRODUCTS, Operation.UPDATE, null,
                row("id", 7, "price", new ColumnValue.Unavailable(), "title", new ColumnValue.Unavailable()), key),
                BeforeImagePolicy.full());

        assertThat(unchanged.matchedRules()).isEmpty();
        assertThat(changed.keyNames()).containsExactly("product:7");
        assertThat(unknownBefore.keyNames()).containsExactly("product:7");
        assertThat(fillerBefore.keyNames()).containsExactly("product:7");
        assertThat(toastUnchanged.matchedRules()).isEmpty();
        InvalidationPlan sameNumber = engine.plan(event(PRODUCTS, Operation.UPDATE,
                row("id", 7, "price", new ColumnValue.Decimal(new java.math.BigDecimal("12.5"))),
                row("id", 7, "price", new ColumnValue.Decimal(new java.math.BigDecimal("12.50"))), key), BeforeImagePolicy.full());
        assertThat(sameNumber.matchedRules()).isEmpty();
    }

    @Test
    void plan_globTable_matchesEveryTableItCovers() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: any-product-table
                    table: shop.public.product_*
                    invalidate: { tags: ["table:{id}"] }
                """);

        assertThat(engine.coversTable(new TableId("shop", "shop", "public", "product_images"))).isTrue();
        assertThat(engine.coversTable(new TableId("shop", "shop", "public", "products"))).isFalse();
        assertThat(engine.coversTable(new TableId("shop", "shop", "other", "product_images"))).isFalse();
    }

    @Test
    void compile_badTemplateAndTable_reportFileLineColumnOfTheFault() {
        RuleEngine.Compilation compilation = compile("""
                version: 1
                rules:
                  - name: broken
                    table: shop.public.pro%ducts
                    invalidate:
                      keys: ["product:{id"]
                """);

        assertThat(compilation.engine()).isEmpty();
        assertThat(compilation.problems()).extracting(RuleProblem::toString).containsExactly(
                "rules.yaml:4:27: table 'shop.public.pro%ducts' has '%' where only letters, digits, '_', '$', '-' and the globs '*' and '?' may stand",
                "rules.yaml:6:23: key 'product:{id': " + compilation.problems().get(1).message().substring("key 'product:{id': ".length()));
        assertThat(compilation.problems().get(1).location().column()).isEqualTo(23);
    }

    @Test
    void compile_patternMatchingEveryKey_isErrorUnlessAllowed() {
        String rules = """
                version: 1
                rules:
                  - name: flush
                    table: shop.public.settings
                    %s
                    invalidate: { patterns: ["*"] }
                """;

        assertThat(compile(rules.formatted("")).problems()).extracting(RuleProblem::toString).containsExactly(
                "rules.yaml:6:31: pattern '*' can match every key; if that is meant, say 'allowFlushAll: true' on the rule");
        assertThat(compile(rules.formatted("allowFlushAll: true")).engine()).isPresent();
    }

    @Test
    void compile_ruleReadingBeforeColumns_isWarnedAboutReplicaIdentity() {
        RuleEngine.Compilation compilation = compile(PRODUCT_RULES);

        assertThat(compilation.engine()).isPresent();
        assertThat(compilation.problems()).extracting(RuleProblem::toString)
                .contains("rules.yaml:7:47: warning: reads before.sku: PostgreSQL sends it truthfully only for key columns "
                        + "unless the table is REPLICA IDENTITY FULL; otherwise the target is skipped");
    }

    private static final String CONDITIONAL = """
            version: 1
            rules:
              - name: published
                table: shop.public.products
                when: "after.status != 'draft' && (op != 'update' || changed('price'))"
                invalidate: { keys: ["product:{id}"] }
              - name: moved
                table: shop.public.products
                on: [update]
                when: "before.category_id != after.category_id"
                invalidate: { tags: ["category:{after.category_id}"] }
            """;

    @Test
    void plan_condition_decidesWhetherTheRuleFires() {
        RuleEngine engine = engine(CONDITIONAL);

        InvalidationPlan draft = engine.plan(event(PRODUCTS, Operation.CREATE, null, row("id", 1, "status", "draft"),
                row("id", 1)), BeforeImagePolicy.full());
        InvalidationPlan live = engine.plan(event(PRODUCTS, Operation.CREATE, null, row("id", 1, "status", "live"),
                row("id", 1)), BeforeImagePolicy.full());
        InvalidationPlan priceSame = engine.plan(event(PRODUCTS, Operation.UPDATE,
                row("id", 1, "status", "live", "price", 5, "category_id", 2),
                row("id", 1, "status", "live", "price", 5, "category_id", 3), row("id", 1)), BeforeImagePolicy.full());

        assertThat(draft.matchedRules()).isEmpty();
        assertThat(live.keyNames()).containsExactly("product:1");
        assertThat(priceSame.matchedRules()).containsExactly("moved");
        assertThat(priceSame.tagNames()).containsExactly("category:3");
    }

    @Test
    void plan_conditionReadingFillerBeforeColumn_failsTheRuleInsteadOfComparingFiller() {
        RuleEngine engine = engine(CONDITIONAL);

        InvalidationPlan plan = engine.plan(event(PRODUCTS, Operation.UPDATE,
                row("id", 1, "status", "live", "price", 5, "category_id", 0),
                row("id", 1, "status", "live", "price", 5, "category_id", 3), row("id", 1)),
                BeforeImagePolicy.keyColumnsOnly());

        assertThat(plan.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.rule()).isEqualTo("moved");
            assertThat(failure.message()).startsWith("when: ");
        });
    }

    @Test
    void plan_changedOnFillerBeforeColumn_countsAsChangedNotAsUnchangedToast() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: priced
                    table: shop.public.products
                    on: [update]
                    when: "changed('price')"
                    invalidate: { keys: ["product:{id}"] }
                """);
        // Filler equal to the new value: under key-only before-images it says nothing about the old price.
        ChangeEvent update = event(PRODUCTS, Operation.UPDATE, row("id", 1, "price", 0), row("id", 1, "price", 0),
                row("id", 1));

        assertThat(engine.plan(update, BeforeImagePolicy.keyColumnsOnly()).keyNames()).containsExactly("product:1");
        assertThat(engine.plan(update, BeforeImagePolicy.full()).keyNames()).isEmpty();
    }

    @Test
    void beforeColumnsRead_templatesConditionsAndDeleteDefaults_listedPerRuleOfTheTable() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: sku
                    table: shop.public.products
                    on: [update, delete]
                    when: "before.status != 'draft' && changed('price')"
                    invalidate: { keys: ["product:sku:{before.sku}", "product:{id}", "p:{after.title}"] }
                  - name: page
                    table: public.products
                    on: [delete]
                    invalidate: { tags: ["category:{category_id}"] }
                  - name: updates-only
                    table: shop.public.products
                    on: [update]
                    columns: [price]
                    invalidate: { keys: ["product:{id}:{after.sku}"] }
                  - name: elsewhere
                    table: shop.public.orders
                    invalidate: { keys: ["order:{before.customer_id}"] }
                """);

        assertThat(engine.beforeColumnsRead(PRODUCTS)).containsExactly(
                Map.entry("sku", java.util.Set.of("id", "sku", "status")),
                Map.entry("page", java.util.Set.of("category_id")));
        assertThat(engine.beforeColumnsRead(new TableId("other", "x", "public", "customers"))).isEmpty();
    }

    @Test
    void compile_conditionThatDoesNotCompile_isReportedAtItsPositionInTheFile() {
        RuleEngine.Compilation compilation = compile("""
                version: 1
                rules:
                  - name: sneaky
                    table: shop.public.products
                    when: "''.getClass() == null"
                    invalidate: { keys: ["product:{id}"] }
                """);

        assertThat(compilation.engine()).isEmpty();
        assertThat(compilation.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location().line()).isEqualTo(5);
            assertThat(problem.location().column()).isBetween(12, 25);
            assertThat(problem.message()).startsWith("when: ");
        });
    }

    @Test
    void topicPattern_exactGlobAndAnyPrefixTables_matchesDebeziumsTopicNamesOfThoseTablesOnly() {
        RuleEngine engine = engine("""
                version: 1
                rules:
                  - name: products
                    table: shop.public.products
                    invalidate: { keys: ["product:{id}"] }
                  - name: orders
                    table: shop.sales.order_*
                    invalidate: { keys: ["order:{id}"] }
                  - name: users
                    table: public.users
                    invalidate: { keys: ["user:{id}"] }
                """);

        java.util.regex.Pattern topics = engine.topicPattern();

        assertThat(List.of("shop.public.products", "shop.sales.order_lines", "shop.public.users",
                "other.public.users")).allMatch(topic -> topics.matcher(topic).matches());
        assertThat(List.of("shop.public.products_archive", "shopx.public.products", "shop.sales.orders.x",
                "shop.sales.customers", "public.users", "invalidator.requests"))
                .noneMatch(topic -> topics.matcher(topic).matches());
    }
}
