package dev.invalidator.service.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.file.RuleFileParser;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.pipeline.PipelineSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvalidatorServiceTest {

    private static final RuleEngine RULES = RuleEngine.compile(new RuleFileParser().parse("rules.yaml", """
            rules:
              - name: customers
                table: pg.inv.customers
                invalidate:
                  keys: ["customer:{id}"]
            """).ruleFile().rules()).engine().orElseThrow();

    @Test
    void pipelineSettings_planningThreadsSet_passesThemToThePipeline() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", "pipeline.planning-threads: 3\n", Map.of());

        assertThat(InvalidatorService.pipelineSettings(config, RULES).planningThreads()).isEqualTo(3);
    }

    @Test
    void pipelineSettings_planningThreadsZero_oneThreadPerProcessorAtMostFour() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", "pipeline.planning-threads: 0\n", Map.of());

        assertThat(InvalidatorService.pipelineSettings(config, RULES).planningThreads())
                .isEqualTo(Math.min(PipelineSettings.MAX_AUTOMATIC_PLANNING_THREADS,
                        Runtime.getRuntime().availableProcessors()))
                .isBetween(1, PipelineSettings.MAX_AUTOMATIC_PLANNING_THREADS);
    }
}
