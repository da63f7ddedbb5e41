package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.BatchFacts;
import dev.invalidator.service.pipeline.Timestamps;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AppliedOffsetsTest {

    private static final String TOPIC = "bench.measured.customers";

    @Test
    void roundRobinEnds_tenOverFour_givesTheFirstPartitionsOneMore() {
        assertThat(AppliedOffsets.roundRobinEnds(4, 10)).containsExactly(3, 3, 2, 2);
        assertThat(AppliedOffsets.roundRobinEnds(2, 1)).containsExactly(1, 0);
    }

    @Test
    void applied_untilEveryPartitionReachedItsEnd_isNotDone() throws Exception {
        AppliedOffsets listener = new AppliedOffsets(TOPIC, new long[] {3, 2}, Optional.empty());

        listener.committing(batch(TOPIC, Map.of(0, new long[] {0, 3}, 1, new long[] {0, 1})));
        assertThat(listener.await(Duration.ZERO)).as("partition 1 at offset 1 of 2").isEmpty();
        listener.committing(batch("other.topic", Map.of(1, new long[] {0, 5})));
        assertThat(listener.await(Duration.ZERO)).as("another topic's offsets").isEmpty();
        listener.committing(batch(TOPIC, Map.of(1, new long[] {1, 2})));

        assertThat(listener.await(Duration.ZERO)).isPresent();
        assertThat(listener.applied()).isEqualTo(5);
    }

    @Test
    void applied_withAppendTimes_notesWhenEachRecordWasApplied() throws Exception {
        AppendTimes times = new AppendTimes(new long[] {2});
        AppliedOffsets listener = new AppliedOffsets(TOPIC, new long[] {2}, Optional.of(times));
        long appendedMillis = System.currentTimeMillis();
        times.appended(0, 0, appendedMillis);
        times.appended(0, 1, appendedMillis);

        listener.committing(batch(TOPIC, Map.of(0, new long[] {0, 2})));

        assertThat(listener.await(Duration.ZERO)).isPresent();
        assertThat(times.latenciesMicros(0)).hasSize(2);
        assertThat(Arrays.stream(times.latenciesMicros(0)).min().orElseThrow()).isNotNegative();
    }

    @Test
    void applied_pastTheExpectedOffsets_isReportedByAwait() {
        AppliedOffsets listener = new AppliedOffsets(TOPIC, new long[] {1},
                Optional.of(new AppendTimes(new long[] {1})));

        listener.committing(batch(TOPIC, Map.of(0, new long[] {0, 3})));

        assertThatThrownBy(() -> listener.await(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partition 0 offset 1 is past the 1 records expected there");
    }

    /** A batch of {@code partition -> {first offset, next offset}}. */
    private static Batch batch(String topic, Map<Integer, long[]> offsets) {
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        offsets.forEach((partition, range) -> {
            first.put(new TopicPartition(topic, partition), range[0]);
            next.put(new TopicPartition(topic, partition), new OffsetAndMetadata(range[1]));
        });
        BatchFacts facts = new BatchFacts(0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0, 0,
                Timestamps.of(), Timestamps.of());
        return new Batch(List.of(), List.of(), List.of(), List.of(), first, next, 0, facts);
    }
}
