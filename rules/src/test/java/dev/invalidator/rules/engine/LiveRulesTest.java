package dev.invalidator.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRulesTest {

    private static final String RULES = """
            version: 1
            rules:
              - name: product
                table: shop.public.products
                invalidate: { keys: ["product:{id}", "product:sku:{before.sku}"] }
            """;

    private final ChangeEvent deleteWithFiller = RuleEngineTest.event(RuleEngineTest.PRODUCTS, Operation.DELETE,
            RuleEngineTest.row("id", 7, "sku", ""), null, RuleEngineTest.row("id", 7));

    @Test
    void plan_afterAnUpdateWithoutBeforeImage_treatsNonKeyBeforeColumnsAsFiller() {
        LiveRules rules = new LiveRules(RuleEngineTest.engine(RULES), BeforeImages.learning());

        InvalidationPlan beforeLearning = rules.plan(deleteWithFiller);
        rules.plan(RuleEngineTest.event(RuleEngineTest.PRODUCTS, Operation.UPDATE, null,
                RuleEngineTest.row("id", 7, "sku", "B"), RuleEngineTest.row("id", 7)));
        InvalidationPlan afterLearning = rules.plan(deleteWithFiller);

        assertThat(beforeLearning.keyNames()).containsExactly("product:7", "product:sku:");
        assertThat(afterLearning.keyNames()).containsExactly("product:7");
        assertThat(afterLearning.skipped()).extracting(SkippedTarget::reason).containsExactly(SkipReason.BEFORE_IMAGE_PARTIAL);
        assertThat(rules.beforeImages().identity(RuleEngineTest.PRODUCTS)).contains(BeforeImages.Identity.KEY_COLUMNS_ONLY);
    }

    @Test
    void plan_declaredIdentity_winsOverWhatEventsSuggest() {
        BeforeImages declared = BeforeImages.declared(Map.of("shop.public.products", BeforeImages.Identity.KEY_COLUMNS_ONLY));
        LiveRules rules = new LiveRules(RuleEngineTest.engine(RULES), declared);
        rules.plan(RuleEngineTest.event(RuleEngineTest.PRODUCTS, Operation.UPDATE, RuleEngineTest.row("id", 7, "sku", "A"),
                RuleEngineTest.row("id", 7, "sku", "B"), RuleEngineTest.row("id", 7)));

        assertThat(rules.plan(deleteWithFiller).keyNames()).containsExactly("product:7");
    }

    @Test
    void swap_putsNewRulesInForceAndKeepsWhatWasLearned() {
        LiveRules rules = new LiveRules(RuleEngineTest.engine(RULES), BeforeImages.learning());
        rules.plan(RuleEngineTest.event(RuleEngineTest.PRODUCTS, Operation.UPDATE, null,
                RuleEngineTest.row("id", 7), RuleEngineTest.row("id", 7)));

        rules.swap(RuleEngineTest.engine(RULES.replace("product:{id}", "item:{id}")));

        assertThat(rules.plan(deleteWithFiller).keyNames()).containsExactly("item:7");
    }

    @Test
    void reload_badRules_keepTheRulesInForce(@TempDir Path dir) throws Exception {
        LiveRules rules = new LiveRules(RuleEngineTest.engine(RULES), BeforeImages.learning());
        Files.writeString(dir.resolve("rules.yaml"), RULES.replace("product:{id}", "product:{id"));

        RuleSetLoader.Loaded failed = rules.reload(dir);

        assertThat(failed.hasErrors()).isTrue();
        assertThat(rules.plan(deleteWithFiller).keyNames()).contains("product:7");

        Files.writeString(dir.resolve("rules.yaml"), RULES.replace("product:{id}", "item:{id}"));
        RuleSetLoader.Loaded loaded = rules.reload(dir);

        assertThat(loaded.hasErrors()).isFalse();
        assertThat(rules.plan(deleteWithFiller).keyNames()).contains("item:7");
    }

    @Test
    void plan_updateWithFillerBeforeImageOnTableDeclaredKeyOnly_skipsNonKeyBeforeTargetFromTheFirstEvent() {
        LiveRules learning = new LiveRules(RuleEngineTest.engine(RULES), BeforeImages.learning());
        LiveRules declared = new LiveRules(RuleEngineTest.engine(RULES), BeforeImages.declared(
                Map.of("shop.public.products", BeforeImages.Identity.KEY_COLUMNS_ONLY)));
        // A before-image on an update would teach "full images"; the declaration from the catalog wins over it.
        ChangeEvent update = RuleEngineTest.event(RuleEngineTest.PRODUCTS, Operation.UPDATE,
                RuleEngineTest.row("id", 7, "sku", ""), RuleEngineTest.row("id", 7, "sku", "B"),
                RuleEngineTest.row("id", 7));

        InvalidationPlan trusted = learning.plan(update);
        InvalidationPlan skipped = declared.plan(update);

        assertThat(trusted.keyNames()).containsExactly("product:7", "product:sku:");
        assertThat(skipped.keyNames()).containsExactly("product:7");
        assertThat(skipped.skipped()).extracting(SkippedTarget::template, SkippedTarget::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("product:sku:{before.sku}",
                        SkipReason.BEFORE_IMAGE_PARTIAL));
    }
}
