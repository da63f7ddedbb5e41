package dev.invalidator.service.bench;

import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.PipelineObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Listens to a pipeline until it has applied every record of one topic up to known end offsets: counts what was
 * applied, notes when the last record was, and, given {@link AppendTimes}, when each record was.
 */
final class AppliedOffsets implements PipelineObserver {

    private final String topic;
    private final long[] endOffsets;
    private final long[] reached;
    private final Optional<AppendTimes> times;
    private final AtomicLong applied = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long doneNanos;
    private volatile RuntimeException failure;
    private int partitionsDone;

    /** @param endOffsets per partition, the offset after the last record to wait for */
    AppliedOffsets(String topic, long[] endOffsets, Optional<AppendTimes> times) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.endOffsets = endOffsets.clone();
        this.reached = new long[endOffsets.length];
        this.times = Objects.requireNonNull(times, "times");
        for (long end : endOffsets) {
            if (end == 0) {
                partitionsDone++;
            }
        }
        if (partitionsDone == endOffsets.length) {
            doneNanos = System.nanoTime();
            done.countDown();
        }
    }

    /** Records spread round-robin over {@code partitions}, {@code count} of them from offset 0. */
    static long[] roundRobinEnds(int partitions, int count) {
        long[] ends = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            ends[p] = count / partitions + (p < count % partitions ? 1 : 0);
        }
        return ends;
    }

    /** Called on the pipeline's thread; a failure is kept for {@link #await} to report, never thrown at the loop. */
    @Override
    public void committing(Batch batch) {
        try {
            long micros = times.isPresent() ? microsNow() : 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> next : batch.nextOffsets().entrySet()) {
                TopicPartition partition = next.getKey();
                if (!partition.topic().equals(topic)) {
                    continue;
                }
                long from = batch.firstOffsets().get(partition);
                long to = next.getValue().offset();
                applied.addAndGet(to - from);
                times.ifPresent(t -> t.applied(partition.partition(), from, to, micros));
                int p = partition.partition();
                if (reached[p] < endOffsets[p] && to >= endOffsets[p]) {
                    partitionsDone++;
                }
                reached[p] = Math.max(reached[p], to);
            }
            if (partitionsDone == endOffsets.length && done.getCount() > 0) {
                doneNanos = System.nanoTime();
                done.countDown();
            }
        } catch (RuntimeException e) {
            failure = e;
            done.countDown();
        }
    }

    /** Records applied so far (a replayed record counts again). */
    long applied() {
        return applied.get();
    }

    /**
     * Waits up to {@code timeout} for every record to be applied.
     *
     * @return {@link System#nanoTime()} when the last one was, or empty on timeout
     * @throws IllegalStateException when the listener failed
     */
    Optional<Long> await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        if (failure != null) {
            throw new IllegalStateException("the benchmark's listener failed on " + topic + ": "
                    + failure.getMessage(), failure);
        }
        return Optional.of(doneNanos);
    }

    private static long microsNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
