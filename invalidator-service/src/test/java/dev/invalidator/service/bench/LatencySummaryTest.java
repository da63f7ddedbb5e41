package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void of_oneToThousandShuffled_givesNearestRankPercentiles() {
        long[] micros = LongStream.rangeClosed(1, 1_000).map(i -> (i * 337) % 1_000 + 1).toArray();

        assertThat(LatencySummary.of(micros)).isEqualTo(new LatencySummary(1_000, 500, 900, 990, 999, 1_000));
    }

    @Test
    void of_oneValue_isEveryPercentile() {
        assertThat(LatencySummary.of(new long[] {1_234})).isEqualTo(new LatencySummary(1, 1_234, 1_234, 1_234,
                1_234, 1_234));
    }

    @Test
    void of_fewValues_p999IsTheMax() {
        assertThat(LatencySummary.of(new long[] {5, 1, 3, 2, 4}).p999()).isEqualTo(5);
    }

    @Test
    void of_nothing_isRefused() {
        assertThatThrownBy(() -> LatencySummary.of(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
