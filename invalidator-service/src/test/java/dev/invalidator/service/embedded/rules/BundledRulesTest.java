package dev.invalidator.service.embedded.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.RuleSetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledRulesTest {

    @TempDir
    Path directory;

    @Test
    void copyIfMissing_newDirectory_writesTheShopExamplesWhichLoadWithoutErrors() {
        Path rules = BundledRules.copyIfMissing(directory.resolve("rules"));

        assertThat(rules.resolve("products.yaml")).isRegularFile();
        assertThat(rules.resolve("categories.yaml")).isRegularFile();
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(rules);
        assertThat(loaded.hasErrors()).as("%s", loaded.problems()).isFalse();
        assertThat(loaded.fileCount()).isEqualTo(4);
    }

    @Test
    void copyIfMissing_existingDirectory_keepsTheOperatorsEdits() throws IOException {
        Path rules = BundledRules.copyIfMissing(directory.resolve("rules"));
        Files.writeString(rules.resolve("products.yaml"), "version: 1\nrules: []\n");

        BundledRules.copyIfMissing(directory.resolve("rules"));

        assertThat(rules.resolve("products.yaml")).hasContent("version: 1\nrules: []\n");
    }

    @Test
    void copyIfMissing_partialCopyLeftByAnInterruptedStart_copiesAfresh() throws IOException {
        Path partial = Files.createDirectories(directory.resolve("rules.partial"));
        Files.writeString(partial.resolve("products.yaml"), "half");

        Path rules = BundledRules.copyIfMissing(directory.resolve("rules"));

        assertThat(rules.resolve("products.yaml")).content().contains("product-changed");
        assertThat(partial).doesNotExist();
    }
}
