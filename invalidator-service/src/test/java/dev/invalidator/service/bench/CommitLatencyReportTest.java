package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitLatencyReportTest {

    @Test
    void windows_commitsOverTwentyFiveSeconds_threeWindowsInCommitOrder() {
        long from = 1_000_000_000L;
        long[] commits = {from, from + 9_999_999, from + 10_000_000, from + 25_000_000, from + 5_000_000};
        long[] latencies = {5_000, 7_000, 30_000, 1_000, 6_000};

        List<LatencySummary> windows = CommitLatencyReport.windows(from, commits, latencies);

        assertThat(windows).extracting(LatencySummary::count).containsExactly(3, 1, 1);
        assertThat(windows).extracting(LatencySummary::max).containsExactly(7_000L, 30_000L, 1_000L);
    }

    @Test
    void windows_emptyWindowBetween_isLeftOut() {
        long[] commits = {0, 35_000_000};

        assertThat(CommitLatencyReport.windows(0, commits, new long[] {1, 2})).hasSize(2);
    }
}
