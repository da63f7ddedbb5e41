package dev.invalidator.service.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The service's throughput: a fresh pipeline reads every record of the topic, applies it to Redis, broadcasts it and
 * commits; measured until the listener saw the last offset applied. Meanwhile its thread is sampled every 5 ms to
 * tell where the time goes.
 */
final class ServicePhase {

    static final String NAME = "service: Redis + broadcast";
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(5);

    /** The throughput, and where the pipeline's thread spent its time meanwhile. */
    record Result(PhaseResult throughput, TimeShares profile) {
        Result {
            Objects.requireNonNull(throughput, "throughput");
            Objects.requireNonNull(profile, "profile");
        }
    }

    private ServicePhase() {
    }

    /** Sets the keys of rows {@code 0 .. events-1}, runs the service over the topic, counts the keys it removed. */
    static Result run(BenchEnvironment env, String topic, int partitions, int events, CacheKeys keys,
                           PrintStream out) throws InterruptedException {
        keys.set(events);
        AppliedOffsets listener = new AppliedOffsets(topic, AppliedOffsets.roundRobinEnds(partitions, events),
                Optional.empty());
        Progress progress = new Progress(out, NAME + " " + topic, events);
        long start = System.nanoTime();
        long end;
        TimeShares profile;
        try (ServiceUnderTest service = ServiceUnderTest.start(env, topic, "service-" + topic, listener);
             PipelineSampler sampler = PipelineSampler.start(service.loop(), SAMPLE_INTERVAL)) {
            end = service.awaitAll(listener, events, progress);
            profile = sampler.stop();
        }
        return new Result(PhaseResult.measured(NAME, listener.applied(), start, end,
                OptionalLong.of(events - keys.present(events))), profile);
    }
}
