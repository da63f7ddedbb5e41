package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void offsetRanges_twoPartitions_namesTheFirstAndLastOffsetOfEachInPartitionOrder() {
        TopicPartition one = new TopicPartition("pg.inv.customers", 1);
        TopicPartition zero = new TopicPartition("pg.inv.customers", 0);
        Batch batch = new Batch(List.of(), List.of(), List.of(), List.of(), Map.of(one, 7L, zero, 10L),
                Map.of(one, new OffsetAndMetadata(8), zero, new OffsetAndMetadata(14)), 0,
                new BatchFacts.Tally().facts());

        assertThat(batch.offsetRanges())
                .isEqualTo("pg.inv.customers-0 offsets 10..13, pg.inv.customers-1 offsets 7..7");
    }
}
