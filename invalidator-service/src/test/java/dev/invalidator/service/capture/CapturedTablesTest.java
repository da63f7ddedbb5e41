package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CapturedTablesTest {

    @Test
    void captures_noLists_everyTable() {
        assertThat(CapturedTables.of(Map.of()).captures("public", "products")).isTrue();
    }

    @Test
    void captures_tableIncludeList_onlyWholeMatchesOfSchemaDotTable() {
        CapturedTables tables = CapturedTables.of(Map.of("table.include.list", "public.products, sales\\.order_.*"));

        assertThat(tables.captures("public", "products")).isTrue();
        assertThat(tables.captures("sales", "order_lines")).isTrue();
        assertThat(tables.captures("public", "products_archive")).isFalse();
        assertThat(tables.captures("public", "users")).isFalse();
    }

    @Test
    void captures_excludeLists_removeWhatTheyMatch() {
        CapturedTables tables = CapturedTables.of(Map.of("schema.exclude.list", "audit",
                "table.exclude.list", "public\\.tmp_.*"));

        assertThat(tables.captures("audit", "log")).isFalse();
        assertThat(tables.captures("public", "tmp_x")).isFalse();
        assertThat(tables.captures("public", "products")).isTrue();
    }

    @Test
    void captures_schemaIncludeList_onlyItsSchemas() {
        CapturedTables tables = CapturedTables.of(Map.of("schema.include.list", "public"));

        assertThat(tables.captures("public", "products")).isTrue();
        assertThat(tables.captures("sales", "orders")).isFalse();
    }
}
