package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.TableId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityWarningsTest {

    private static final TableId PRODUCTS = new TableId("shop", "shop", "public", "products");

    @Test
    void update_reloadedRulesNoLongerReadingTheColumn_warningGoneAndGaugeZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IdentityWarnings warnings = new IdentityWarnings(ReplicaIdentities.of(List.of(
                new TableIdentity(PRODUCTS, ReplicaIdentity.DEFAULT, Set.of("id")))), registry);

        warnings.update(ReplicaIdentityCheckTest.engine("""
                version: 1
                rules:
                  - { name: sku, table: shop.public.products, invalidate: { keys: ["product:sku:{before.sku}"] } }
                """));
        double warned = registry.get(IdentityWarnings.GAUGE).tag("table", "shop.public.products").gauge().value();
        warnings.update(ReplicaIdentityCheckTest.engine("""
                version: 1
                rules:
                  - { name: id, table: shop.public.products, invalidate: { keys: ["product:{id}"] } }
                """));

        assertThat(warned).isEqualTo(1.0);
        assertThat(warnings.current()).isEmpty();
        assertThat(registry.get(IdentityWarnings.GAUGE).tag("table", "shop.public.products").gauge().value())
                .isEqualTo(0.0);
    }
}
