package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSharesTest {

    @Test
    void describe_someSteps_givesSharesInStepOrderLeavingUnseenStepsOut() {
        Map<String, Long> samples = new LinkedHashMap<>();
        samples.put("poll", 1L);
        samples.put("planning", 0L);
        samples.put("Redis", 1L);
        samples.put("commit", 2L);

        assertThat(new TimeShares(samples, 1_500_000_000L, 6_000_000_000L).describe())
                .isEqualTo("poll 25% · Redis 25% · commit 50% (4 samples); on a CPU 25% of 6.0 s");
    }

    @Test
    void describe_noSamples_saysSo() {
        assertThat(new TimeShares(Map.of("poll", 0L), 0, 0).describe()).isEqualTo("no samples");
    }
}
