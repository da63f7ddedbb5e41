package dev.invalidator.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.file.RuleProblem;
import org.junit.jupiter.api.Test;

class ExampleCheckerTest {

    private final ExampleChecker checker = new ExampleChecker();

    @Test
    void check_examplesThatHold_reportNothing() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: product-changed
                    table: shop.public.products
                    on: [update, delete]
                    invalidate:
                      keys: ["product:{id}", "product:sku:{before.sku}", "product:sku:{after.sku}"]
                      tags: ["category:{before.category_id}", "category:{after.category_id}"]
                    examples:
                      - event: { op: u, before: { id: 7, sku: A, category_id: 3 }, after: { id: 7, sku: A, category_id: 3 } }
                        expect: { keys: ["product:7", "product:sku:A"], tags: ["category:3"] }
                      - event: { op: c, after: { id: 8 } }
                        expect: {}
                """);

        assertThat(checker.check(engine)).isEmpty();
        assertThat(checker.count(engine)).isEqualTo(2);
    }

    @Test
    void check_versionExpectations_areCompared() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: user-changed
                    table: public.users
                    invalidate:
                      versions: ["user:{id}"]
                    examples:
                      - event: { op: u, after: { id: 7 } }
                        expect: { versions: ["user:7"] }
                      - event: { op: u, after: { id: 8 } }
                        expect: { keys: ["user:8"] }
                """);

        assertThat(checker.check(engine)).extracting(RuleProblem::toString).containsExactly(
                "rules.yaml:11:17: example of rule 'user-changed' fails: keys expected [user:8] but got []; "
                        + "versions expected [] but got [user:8]");
    }

    @Test
    void check_exampleThatFails_saysWhatDiffersAtTheExpectation() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: product-changed
                    table: public.products
                    invalidate:
                      keys: ["product:{id}", "product:sku:{after.sku}"]
                    examples:
                      - event: { op: u, after: { id: 7, sku: null } }
                        expect: { keys: ["product:7", "product:sku:A"], tags: ["x"] }
                """);

        assertThat(checker.check(engine)).extracting(RuleProblem::toString).containsExactly(
                "rules.yaml:9:17: example of rule 'product-changed' fails: keys expected [product:7, product:sku:A] but got "
                        + "[product:7]; tags expected [x] but got []; skipped product:sku:{after.sku} (after.sku: the value is NULL)");
    }

    @Test
    void check_ruleThatDoesNotFire_saysSo() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: deletes
                    table: public.products
                    on: [delete]
                    invalidate: { keys: ["product:{id}"] }
                    examples:
                      - event: { op: c, after: { id: 1 } }
                        expect: { keys: ["product:1"] }
                """);

        assertThat(checker.check(engine)).singleElement().satisfies(problem ->
                assertThat(problem.message()).endsWith("(the rule did not fire: check 'on', 'columns' and 'when')"));
    }

    @Test
    void check_globRuleWithoutExampleTable_asksForOne() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: any
                    table: public.product_*
                    invalidate: { keys: ["k:{id}"] }
                    examples:
                      - event: { op: c, after: { id: 1 } }
                        expect: { keys: ["k:1"] }
                      - event: { op: c, table: public.product_images, after: { id: 2 } }
                        expect: { keys: ["k:2"] }
                """);

        assertThat(checker.check(engine)).extracting(RuleProblem::message).containsExactly(
                "example of rule 'any': the rule's table is a glob: give the example a 'table'");
    }

    @Test
    void check_exampleTableTheRuleDoesNotApplyTo_isAnError() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: products
                    table: shop.public.products
                    invalidate: { keys: ["product:{id}"] }
                    examples:
                      - event: { op: c, table: shop.public.product, after: { id: 1 } }
                        expect: {}
                      - event: { op: c, table: public.products, after: { id: 2 } }
                        expect: {}
                      - event: { op: c, table: shop.public.products, after: { id: 3 } }
                        expect: { keys: ["product:3"] }
                """);

        assertThat(checker.check(engine)).extracting(RuleProblem::toString).containsExactly(
                "rules.yaml:7:9: example of rule 'products': table 'shop.public.product' is not one the rule applies to "
                        + "(table: shop.public.products)",
                "rules.yaml:9:9: example of rule 'products': table 'public.products' is not one the rule applies to "
                        + "(table: shop.public.products)");
    }

    @Test
    void check_exampleTableIsAGlob_saysTheExampleMustNameOneTable() {
        RuleEngine engine = RuleEngineTest.engine("""
                version: 1
                rules:
                  - name: products
                    table: public.products
                    invalidate: { keys: ["product:{id}"] }
                    examples:
                      - event: { op: c, table: public.product*, after: { id: 1 } }
                        expect: { keys: ["product:1"] }
                """);

        assertThat(checker.check(engine)).extracting(RuleProblem::message).containsExactly(
                "example of rule 'products': the example's table 'public.product*' is a glob: name the one table the "
                        + "event comes from");
    }
}
