package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.service.redis.RedisWork;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's worth of records, planned: everything to remove from Redis merged and deduplicated, the records to
 * dead-letter, and the offsets to commit once both are done.
 *
 * @param work         the batch's targets, merged: at most one work without cascade and one with
 * @param announcements what each change event invalidated, to broadcast once applied, in the order read
 * @param deadLetters  records set aside, in the order read
 * @param dryRuns      valid requests that asked only what they would remove, in the order read
 * @param firstOffsets per partition, the offset of the batch's first record: where to go back to if the batch is
 *                     abandoned
 * @param nextOffsets  per partition, the offset after the batch's last record: what to commit once it is applied
 * @param events       how many change events were planned
 * @param facts        what the batch held, counted for metrics
 */
public record Batch(List<RedisWork> work, List<Announcement> announcements, List<DeadLetter> deadLetters,
                    List<InvalidationRequest> dryRuns, Map<TopicPartition, Long> firstOffsets,
                    Map<TopicPartition, OffsetAndMetadata> nextOffsets, int events, BatchFacts facts) {

    public Batch {
        work = List.copyOf(work);
        announcements = List.copyOf(announcements);
        deadLetters = List.copyOf(deadLetters);
        dryRuns = List.copyOf(dryRuns);
        firstOffsets = Map.copyOf(firstOffsets);
        nextOffsets = Map.copyOf(nextOffsets);
        Objects.requireNonNull(facts, "facts");
    }


    /** The records of the batch, for people: {@code topic-0 offsets 10..13, topic-1 offsets 7..7}. */
    public String offsetRanges() {
        return firstOffsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                .map(first -> first.getKey() + " offsets " + first.getValue() + ".."
                        + (nextOffsets.get(first.getKey()).offset() - 1))
                .collect(Collectors.joining(", "));
    }
}
