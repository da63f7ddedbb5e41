package dev.invalidator.service.bench;

import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The service's throughput: a fresh pipeline reads every record of the topic, applies it to Redis, broadcasts it and
 * commits; measured until the listener saw the last offset applied.
 */
final class ServicePhase {

    static final String NAME = "service: Redis + broadcast";

    private ServicePhase() {
    }

    /** Sets the keys of rows {@code 0 .. events-1}, runs the service over the topic, counts the keys it removed. */
    static PhaseResult run(BenchEnvironment env, String topic, int partitions, int events, CacheKeys keys,
                           PrintStream out) throws InterruptedException {
        keys.set(events);
        AppliedOffsets listener = new AppliedOffsets(topic, AppliedOffsets.roundRobinEnds(partitions, events),
                Optional.empty());
        Progress progress = new Progress(out, NAME + " " + topic, events);
        long start = System.nanoTime();
        long end;
        try (ServiceUnderTest service = ServiceUnderTest.start(env, topic, "service-" + topic, listener)) {
            end = service.awaitAll(listener, events, progress);
        }
        return PhaseResult.measured(NAME, listener.applied(), start, end,
                OptionalLong.of(events - keys.present(events)));
    }
}
