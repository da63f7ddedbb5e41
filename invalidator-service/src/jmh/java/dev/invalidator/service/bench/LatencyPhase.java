package dev.invalidator.service.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Added latency: a fresh pipeline runs while events are produced at a steady rate; for each event, from the broker's
 * append time (the topic stamps records with LogAppendTime) to the pipeline's {@code applied} call, which comes after
 * Redis applied the batch and the broadcast was acknowledged, before the commit.
 *
 * <p>First one event per partition is produced and awaited, so that the consumer group has joined before anything is
 * measured; those events are not counted.
 */
final class LatencyPhase {

    static final String NAME = "latency";

    private LatencyPhase() {
    }

    static LatencyResult run(BenchEnvironment env, String topic, int partitions, double perSecond, boolean halfRate,
                             Duration duration, CacheKeys keys, ChangeEvents events, PrintStream out) throws InterruptedException {
        int paced = Math.max(1, (int) Math.round(perSecond * duration.toNanos() / 1e9));
        int rows = partitions + paced;
        keys.set(rows);
        long[] endOffsets = AppliedOffsets.roundRobinEnds(partitions, rows);
        AppendTimes times = new AppendTimes(endOffsets);
        AppliedOffsets listener = new AppliedOffsets(topic, endOffsets, Optional.of(times));
        try (ServiceUnderTest service = ServiceUnderTest.start(env, topic, "latency-" + topic, listener);
             EventProducer producer = EventProducer.immediate(env.bootstrapServers(), events)) {
            producer.produce(topic, partitions, 0, partitions, new Progress(out, NAME + " first events", partitions));
            service.awaitApplied(listener, partitions);
            out.printf("  %s: producing %,d events at %,.0f/s for %d s%n", NAME, paced, perSecond,
                    duration.toSeconds());
            producer.producePaced(topic, partitions, partitions, paced, perSecond, times,
                    Progress.withApplied(out, NAME + " produced", paced, () -> listener.applied() - partitions));
            service.awaitAll(listener, rows, new Progress(out, NAME + " applied", rows));
        }
        return new LatencyResult(perSecond, halfRate, duration, LatencySummary.of(times.latenciesMicros(1)));
    }
}
