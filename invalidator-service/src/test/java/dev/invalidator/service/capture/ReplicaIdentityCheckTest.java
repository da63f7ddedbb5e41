package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.file.RuleFileParser;
import dev.invalidator.schemas.change.TableId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaIdentityCheckTest {

    private static final TableId PRODUCTS = new TableId("shop", "shop", "public", "products");
    private static final TableId ORDERS = new TableId("shop", "shop", "public", "orders");

    private static final RuleEngine RULES = engine("""
            version: 1
            rules:
              - name: product-sku
                table: shop.public.products
                on: [update, delete]
                invalidate: { keys: ["product:{id}", "product:sku:{before.sku}"] }
              - name: product-moved
                table: public.products
                on: [update]
                when: "before.category_id != after.category_id"
                invalidate: { tags: ["category:{after.category_id}"] }
              - name: order-by-id
                table: shop.public.orders
                on: [delete]
                invalidate: { keys: ["order:{id}", "order:{before.id}"] }
            """);

    static RuleEngine engine(String yaml) {
        return RuleEngine.compile(new RuleFileParser().parse("rules.yaml", yaml).ruleFile().rules()).engine()
                .orElseThrow();
    }

    @Test
    void warnings_defaultIdentityAndRulesReadingNonKeyColumns_oneWarningNamingRulesColumnsAndFix() {
        List<IdentityWarning> warnings = ReplicaIdentityCheck.warnings(List.of(
                new TableIdentity(PRODUCTS, ReplicaIdentity.DEFAULT, Set.of("id"))), RULES);

        assertThat(warnings).singleElement().satisfies(warning -> {
            assertThat(warning.table()).isEqualTo(PRODUCTS);
            assertThat(warning.rules()).containsExactly(Map.entry("product-sku", Set.of("sku")),
                    Map.entry("product-moved", Set.of("category_id")));
            assertThat(warning.columns()).containsExactly("category_id", "sku");
            assertThat(warning.fix()).isEqualTo("ALTER TABLE public.products REPLICA IDENTITY FULL;");
            assertThat(warning.describe()).contains("shop.public.products", "REPLICA IDENTITY DEFAULT",
                    "product-sku (before.sku)", "product-moved (before.category_id)",
                    "ALTER TABLE public.products REPLICA IDENTITY FULL;");
        });
    }

    @Test
    void warnings_fullIdentity_none() {
        assertThat(ReplicaIdentityCheck.warnings(List.of(
                new TableIdentity(PRODUCTS, ReplicaIdentity.FULL, Set.of("id"))), RULES)).isEmpty();
    }

    @Test
    void warnings_rulesReadingOnlyKeyColumns_none() {
        assertThat(ReplicaIdentityCheck.warnings(List.of(
                new TableIdentity(ORDERS, ReplicaIdentity.DEFAULT, Set.of("id"))), RULES)).isEmpty();
    }

    @Test
    void warnings_identityNothingOrIndex_keyColumnsAreThoseOfTheIdentity() {
        List<IdentityWarning> warnings = ReplicaIdentityCheck.warnings(List.of(
                new TableIdentity(ORDERS, ReplicaIdentity.NOTHING, Set.of()),
                new TableIdentity(PRODUCTS, ReplicaIdentity.INDEX, Set.of("id", "sku"))), RULES);

        assertThat(warnings).extracting(w -> w.table().table(), IdentityWarning::identity, IdentityWarning::columns)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders", ReplicaIdentity.NOTHING, Set.of("id")),
                        org.assertj.core.groups.Tuple.tuple("products", ReplicaIdentity.INDEX, Set.of("category_id")));
    }

    @Test
    void warnings_tableOfAnotherPrefixOrWithoutRules_none() {
        assertThat(ReplicaIdentityCheck.warnings(List.of(
                new TableIdentity(new TableId("billing", "b", "public", "orders"), ReplicaIdentity.DEFAULT, Set.of()),
                new TableIdentity(new TableId("shop", "shop", "public", "users"), ReplicaIdentity.DEFAULT, Set.of())),
                RULES)).isEmpty();
    }

    @Test
    void fix_namesPostgresWouldFold_areQuoted() {
        IdentityWarning warning = new IdentityWarning(new TableId("shop", "shop", "Sales", "order \"lines\""),
                ReplicaIdentity.DEFAULT, Map.of("r", Set.of("x")));

        assertThat(warning.fix()).isEqualTo("ALTER TABLE \"Sales\".\"order \"\"lines\"\"\" REPLICA IDENTITY FULL;");
    }
}
