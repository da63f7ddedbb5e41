package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AppendTimesTest {

    @Test
    void latenciesMicros_fromOffsetOne_leavesTheFirstRecordOfEachPartitionOut() {
        AppendTimes times = new AppendTimes(new long[] {2, 3});
        for (int offset = 0; offset < 3; offset++) {
            times.appended(1, offset, 1_000 + offset);
        }
        times.appended(0, 0, 1_000);
        times.appended(0, 1, 1_001);
        times.applied(0, 0, 2, 1_003_500);
        times.applied(1, 0, 3, 1_004_000);

        assertThat(times.latenciesMicros(1)).containsExactlyInAnyOrder(2_500, 3_000, 2_000);
    }

    @Test
    void latenciesMicros_recordNeverApplied_namesIt() {
        AppendTimes times = new AppendTimes(new long[] {2});
        times.appended(0, 0, 1_000);
        times.appended(0, 1, 1_000);
        times.applied(0, 0, 1, 1_001_000);

        assertThatThrownBy(() -> times.latenciesMicros(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("partition 0 offset 1 has no applied time");
    }
}
