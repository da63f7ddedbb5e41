package dev.invalidator.service.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.service.config.ServiceConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's parts that need no process: a stop before the start, and nothing left behind. */
class EmbeddedStackTest {

    @TempDir
    Path directory;

    @Test
    void start_afterClose_startsNothingAndSaysSo() {
        EmbeddedStack stack = new EmbeddedStack(directory);
        stack.close();
        EmbeddedPlan all = new EmbeddedPlan(EmbeddedPlan.Start.EMBEDDED, EmbeddedPlan.Start.EMBEDDED,
                EmbeddedPlan.RedisSource.EMBEDDED, EmbeddedPlan.Start.EMBEDDED);

        assertThatThrownBy(() -> stack.start(ServiceConfig.defaults(), all, null))
                .isInstanceOf(EmbeddedException.class)
                .hasMessageContaining("stopped while starting");
        assertThat(directory.resolve("kafka")).doesNotExist();
    }

    @Test
    void start_onlyRulesMissing_copiesTheBundledRulesIntoTheDataDirectory() {
        EmbeddedPlan rulesOnly = new EmbeddedPlan(EmbeddedPlan.Start.CONFIGURED, EmbeddedPlan.Start.CONFIGURED,
                EmbeddedPlan.RedisSource.CONFIGURED, EmbeddedPlan.Start.EMBEDDED);
        try (EmbeddedStack stack = new EmbeddedStack(directory)) {
            ServiceConfig config = stack.start(ServiceConfig.defaults(), rulesOnly, null);

            assertThat(config.get(dev.invalidator.service.config.ServiceFields.RULES_DIRECTORY))
                    .isEqualTo(directory.resolve("rules").toAbsolutePath());
            assertThat(directory.resolve("rules/products.yaml")).isRegularFile();
        }
    }
}
